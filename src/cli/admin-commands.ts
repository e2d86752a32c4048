import type { Command } from 'commander';
import { withKeyway } from './with-keyway.ts';

/** `admin:user:*` and `admin:role:create`, named after Magento's `bin/magento` commands. */
export function registerAdminCommands(program: Command): void {
  program
    .command('admin:user:create')
    .description('Create an admin user')
    .requiredOption('--admin-user <username>', 'login name')
    .requiredOption('--admin-password <password>', 'password (at least 7 characters, letters and digits)')
    .requiredOption('--admin-email <email>', 'email address')
    .requiredOption('--admin-firstname <name>', 'first name')
    .requiredOption('--admin-lastname <name>', 'last name')
    .option('--role <name>', 'role name', 'Administrators')
    .action(async (options: Record<string, string>) => {
      const id = await withKeyway((keyway) =>
        keyway.admins.createUser({
          username: options.adminUser!,
          password: options.adminPassword!,
          email: options.adminEmail!,
          firstname: options.adminFirstname!,
          lastname: options.adminLastname!,
          role: options.role!,
        }),
      );
      console.log(`Created admin user ${options.adminUser} (id ${id}) with role ${options.role}`);
    });

  program
    .command('admin:role:create')
    .description('Create an admin role allowing the given ACL resources')
    .requiredOption('--name <name>', 'role name')
    .requiredOption('--resources <ids>', 'comma-separated ACL resource ids, e.g. Magento_Customer::customer')
    .action(async (options: { name: string; resources: string }) => {
      const resources = resourceList(options.resources);
      const id = await withKeyway((keyway) => keyway.admins.createRole(options.name, resources));
      console.log(`Created role ${options.name} (id ${id}) allowing ${resources.join(', ')}`);
    });

  program
    .command('admin:role:update')
    .description('Make an existing admin role allow exactly the given ACL resources')
    .requiredOption('--name <name>', 'role name')
    .requiredOption('--resources <ids>', 'comma-separated ACL resource ids, e.g. Magento_Customer::customer')
    .action(async (options: { name: string; resources: string }) => {
      const resources = resourceList(options.resources);
      const id = await withKeyway((keyway) => keyway.admins.updateRole(options.name, resources));
      console.log(`Role ${options.name} (id ${id}) now allows ${resources.join(', ')}`);
    });

  program
    .command('admin:user:unlock')
    .description('Clear the sign-in lock of an admin user')
    .argument('<username>')
    .action(async (username: string) => {
      await withKeyway((keyway) => keyway.admins.unlockAdmin(username));
      console.log(`Unlocked admin user ${username}`);
    });

  for (const [name, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    program
      .command(`admin:user:${name}`)
      .description(active ? 'Enable an admin user' : 'Disable an admin user and revoke its tokens')
      .argument('<username>')
      .action(async (username: string) => {
        await withKeyway((keyway) => keyway.admins.setAdminActive(username, active));
        console.log(`${active ? 'Enabled' : 'Disabled'} admin user ${username}`);
      });
  }
}

/** `--resources a, b,c` as a list of ids. */
function resourceList(option: string): string[] {
  return option
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
}
