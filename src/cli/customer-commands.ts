import type { Command } from 'commander';
import { withKeyway } from './with-keyway.ts';

/** What Magento does from its admin panel for customers: disable, enable, unlock. */
export function registerCustomerCommands(program: Command): void {
  for (const [name, active] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    program
      .command(`customer:${name}`)
      .description(active ? 'Enable a customer account' : 'Disable a customer account and revoke its tokens')
      .argument('<email>')
      .action(async (email: string) => {
        await withKeyway((keyway) =>
          keyway.admins.setCustomerActive(
            email,
            active,
            keyway.stores.directory.websites.map((website) => website.id),
          ),
        );
        console.log(`${active ? 'Enabled' : 'Disabled'} customer ${email}`);
      });
  }
  program
    .command('customer:unlock')
    .description('Clear the sign-in and password-change locks of a customer')
    .argument('<email>')
    .action(async (email: string) => {
      await withKeyway((keyway) =>
        keyway.admins.unlockCustomer(
          email,
          keyway.stores.directory.websites.map((website) => website.id),
        ),
      );
      console.log(`Unlocked customer ${email}`);
    });
}
