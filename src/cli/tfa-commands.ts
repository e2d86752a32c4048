import type { Command } from 'commander';
import { TfaAdmin } from '../tfa/tfa-admin.ts';
import { withKeyway } from './with-keyway.ts';

/** Magento's `security:tfa:*` commands, and `security:tfa:token` for shops that send no mail. */
export function registerTfaCommands(program: Command): void {
  program
    .command('security:tfa:providers')
    .description('List the two-factor providers')
    .action(async () => {
      const lines = await withKeyway(async (keyway) => new TfaAdmin(keyway.tfa).providerLines());
      console.log(lines.join('\n'));
    });

  program
    .command('security:tfa:reset')
    .description("Reset an admin user's configuration of a provider (its secret and activation)")
    .argument('<user>', 'admin username')
    .argument('<provider>', 'provider code, e.g. google')
    .action(async (user: string, provider: string) => {
      console.log(await withKeyway((keyway) => new TfaAdmin(keyway.tfa).reset(user, provider)));
    });

  program
    .command('security:tfa:google:set-secret')
    .description("Set and activate an admin user's Google Authenticator secret")
    .argument('<user>', 'admin username')
    .argument('<secret>', 'base32 secret')
    .action(async (user: string, secret: string) => {
      console.log(await withKeyway((keyway) => new TfaAdmin(keyway.tfa).setGoogleSecret(user, secret)));
    });

  program
    .command('security:tfa:token')
    .description('Print a two-factor configuration token for an admin user, valid one hour (not in Magento)')
    .argument('<user>', 'admin username')
    .action(async (user: string) => {
      console.log(await withKeyway((keyway) => new TfaAdmin(keyway.tfa).configToken(user)));
    });
}
