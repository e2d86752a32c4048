import type { Command } from 'commander';
import { formatTimestamp } from '../clock.ts';
import { createMagentoDecrypter } from '../import/magento-crypt.ts';
import { importFromMagento } from '../import/magento-import.ts';
import { createImportProgress } from '../import/progress.ts';
import { SqlCustomerImportStore } from '../storage/customer-import-store.ts';
import { SqlMagentoImportTarget } from '../storage/magento-import-target.ts';
import { openMagentoSource } from '../storage/magento-mysql-source.ts';
import { withKeyway } from './with-keyway.ts';

interface ImportMagentoOptions {
  from: string;
  tablePrefix: string;
  dryRun?: boolean;
  magentoCryptKey?: string;
}

/** `import:magento`: reads a Magento 2.4 database directly and carries its users, tokens and settings over. */
export function registerImportMagentoCommand(program: Command): void {
  program
    .command('import:magento')
    .description(
      "Import a Magento 2.4 shop's customers, admins, roles, integrations, live tokens and settings from its database",
    )
    .requiredOption('--from <url>', 'the Magento database: mysql://USER:PASS@HOST:PORT/DB')
    .option('--table-prefix <prefix>', "Magento's table prefix (db/table_prefix in env.php)", '')
    .option('--dry-run', 'read and check everything, write nothing')
    .option(
      '--magento-crypt-key <key>',
      "the shop's crypt/key (env.php), to carry two-factor secrets; MAGENTO_CRYPT_KEY also works and stays out of ps",
    )
    .action(async (options: ImportMagentoOptions) => {
      const cryptKey = options.magentoCryptKey ?? process.env.MAGENTO_CRYPT_KEY;
      const magentoKey = cryptKey ? createMagentoDecrypter(cryptKey) : undefined;
      const source = await openMagentoSource(options.from, options.tablePrefix);
      try {
        const summary = await withKeyway((keyway) =>
          importFromMagento({
            source,
            target: new SqlMagentoImportTarget(keyway.stores.driver),
            customers: new SqlCustomerImportStore(keyway.stores.driver),
            secrets: keyway.secrets,
            magentoKey,
            dryRun: options.dryRun === true,
            now: formatTimestamp(Date.now()),
            notice: (line) => process.stderr.write(`keyway: ${line}\n`),
            progress: (label, total) => createImportProgress({ stream: process.stderr, label, total }),
          }),
        );
        console.log(
          options.dryRun ? 'Dry run: nothing was written. A real run would write:' : 'Imported from Magento:',
        );
        console.log(summary.render());
      } finally {
        await source.close();
      }
    });
}
