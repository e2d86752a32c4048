import type { Command } from 'commander';
import type { Integration } from '../integrations/integration.ts';
import type { Keyway } from '../keyway.ts';
import { activationLines, integrationLines, listLine } from './integration-output.ts';
import { withKeyway } from './with-keyway.ts';

interface CreateOptions {
  name: string;
  email?: string;
  endpoint?: string;
  identityLinkUrl?: string;
  resources?: string;
  allResources?: boolean;
}

/** The integration a name designates; a refusal naming it when there is none. */
async function named(keyway: Keyway, name: string): Promise<Integration> {
  const integration = await keyway.integrations.findByName(name);
  if (!integration) throw new Error(`There is no integration named "${name}"`);
  return integration;
}

const print = (lines: readonly string[]) => {
  for (const line of lines) console.log(line);
};

/** `integration:*`: what Magento's admin does under System > Extensions > Integrations. */
export function registerIntegrationCommands(program: Command): void {
  program
    .command('integration:create')
    .description('Create an inactive integration with a new consumer key and secret')
    .requiredOption('--name <name>', 'integration name (unique)')
    .option('--email <email>', 'contact email')
    .option('--endpoint <url>', 'callback URL the credentials are POSTed to on activation')
    .option('--identity-link-url <url>', "the integration's login page")
    .option('--resources <ids>', 'comma-separated ACL resource ids, e.g. Magento_Customer::customer')
    .option('--all-resources', 'grant every resource')
    .action(async (options: CreateOptions) => {
      if ((options.resources === undefined) === (options.allResources === undefined)) {
        throw new Error('Give either --resources or --all-resources');
      }
      const resources = (options.resources ?? '')
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
      if (options.resources !== undefined && resources.length === 0) {
        throw new Error('--resources must name at least one ACL resource');
      }
      const integration = await withKeyway((keyway) =>
        keyway.integrations.create({
          name: options.name,
          email: options.email ?? '',
          endpoint: options.endpoint ?? null,
          identityLinkUrl: options.identityLinkUrl ?? null,
          allResources: options.allResources === true,
          resources,
        }),
      );
      // Magento's admin message after a save.
      console.log(`The integration '${integration.name}' has been saved.`);
    });

  for (const [verb, description] of [
    ['activate', 'Activate: print the four credentials, or POST them to the endpoint'],
    ['reauthorize', 'Reauthorize: the old access token stops working at once; new credentials as on activation'],
  ] as const) {
    program
      .command(`integration:${verb}`)
      .description(description)
      .argument('<name>')
      .action(async (name: string) => {
        const lines = await withKeyway(async (keyway) => {
          const { id } = await named(keyway, name);
          const activation = await keyway.integrations[verb](id);
          return activationLines(activation, keyway.settings.int('oauth/consumer/expiration_period'));
        });
        print(lines);
      });
  }

  program
    .command('integration:show')
    .description('Show an integration (never its secrets)')
    .argument('<name>')
    .action(async (name: string) => {
      print(await withKeyway(async (keyway) => integrationLines(await named(keyway, name))));
    });

  program
    .command('integration:list')
    .description('List integrations: id, name, status, endpoint')
    .action(async () => {
      const integrations = await withKeyway((keyway) => keyway.integrations.list());
      print(integrations.length === 0 ? ['No integrations'] : integrations.map(listLine));
    });

  program
    .command('integration:delete')
    .description('Delete an integration with its consumer and tokens')
    .argument('<name>')
    .action(async (name: string) => {
      await withKeyway(async (keyway) => keyway.integrations.delete((await named(keyway, name)).id));
      // Magento's admin message after a delete.
      console.log(`The integration '${name}' has been deleted.`);
    });
}
