// Moving a shop from Magento: `import:customers` reads Magento's CSV exports, `import:magento` its database.
// Each command is one function here, registered by registerImportCommands.
import { once } from 'node:events';
import { accessSync, constants, createReadStream, createWriteStream, openSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { finished } from 'node:stream/promises';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { stringify } from 'csv-stringify';
import { formatTimestamp } from '../clock.ts';
import { createMagentoDecrypter } from '../import/magento-crypt.ts';
import { importFromMagento } from '../import/magento-import.ts';
import { type BadRow, type CsvImportJob, runCsvImport } from '../import/csv-import.ts';
import { addressesJob, customersJob } from '../import/customer-csv-jobs.ts';
import { createImportProgress } from '../import/progress.ts';
import { ImportSummary } from '../import/summary.ts';
import { SqlCustomerImportStore } from '../storage/customer-import-store.ts';
import { SqlMagentoImportTarget } from '../storage/magento-import-target.ts';
import { openMagentoSource } from '../storage/magento-mysql-source.ts';
import { rolledBack } from '../storage/sql/rolled-back.ts';
import type { SqlDriver } from '../storage/sql/sql-driver.ts';
import { withKeyway } from './with-keyway.ts';

// Without --report, bad rows go to stderr, but a file with thousands of them would bury everything else.
const SHOWN_BAD_ROWS = 20;

/** Registers the import commands. */
export function registerImportCommands(program: Command): void {
  registerImportCustomers(program);
  registerImportMagento(program);
}

interface ImportCustomersOptions {
  addresses?: string;
  dryRun?: boolean;
  report?: string;
  batchSize: number;
  progressInterval: number;
}

function positive(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError('expected a whole number above 0');
  return value;
}

function registerImportCustomers(program: Command): void {
  program
    .command('import:customers')
    .description("Import customers and addresses from Magento's CSV exports (again: updates)")
    .argument('<file>', 'the "Customers Main File" export')
    .option('--addresses <file>', 'the "Customer Addresses" export')
    .option('--dry-run', 'read and check everything, count what would change, write nothing')
    .option('--report <file>', 'write the rows left out (file, line, reason) to this CSV file')
    .addOption(new Option('--batch-size <rows>', 'rows per transaction').default(1000).argParser(positive))
    .addOption(new Option('--progress-interval <ms>').default(5000).argParser(positive).hideHelp())
    .action(async (file: string, options: ImportCustomersOptions) => {
      // Refuse a missing file before the database is opened or a report started.
      for (const path of [file, options.addresses]) {
        if (path !== undefined && !isReadableFile(path)) throw new Error(`cannot read ${path}`);
      }
      const summary = new ImportSummary();
      const report = openReport(options.report);
      try {
        await withKeyway(async (keyway) => {
          const context = {
            store: keyway.stores.customerImport,
            directory: keyway.stores.directory,
            now: formatTimestamp(Date.now()),
            dryRun: options.dryRun === true,
            groupIds: new Set(await keyway.stores.customerImport.groupIds()),
          };
          try {
            await importFile(file, customersJob(context), summary, report, options);
            if (options.addresses) await importFile(options.addresses, addressesJob(context), summary, report, options);
          } finally {
            // Even a stopped import may have committed batches: running nodes must not answer from before them.
            if (!context.dryRun) await keyway.tokens.forgetEverything();
          }
        });
      } finally {
        await report.close();
      }
      console.log(summary.render());
      if (options.dryRun) console.log('Dry run: nothing was written.');
      const skipped = summary.totals().skipped;
      if (skipped > 0) {
        const where = options.report ? ` (see ${options.report})` : '';
        console.error(`keyway: ${skipped} row(s) were left out${where}`);
        // Not a refusal — the good rows are in — but a script must be able to notice.
        process.exitCode = 2;
      }
    });
}

async function importFile<T>(
  file: string,
  job: CsvImportJob<T>,
  summary: ImportSummary,
  report: Report,
  options: ImportCustomersOptions,
): Promise<void> {
  const total = await countLines(file);
  const progress = createImportProgress({
    stream: process.stderr,
    label: job.kind,
    total: Math.max(total - 1, 0),
    intervalMs: options.progressInterval,
  });
  try {
    await runCsvImport(createReadStream(file), job, {
      batchSize: options.batchSize,
      summary,
      progress,
      onBadRow: (row) => report.add(basename(file), row),
    });
  } catch (error) {
    throw new Error(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    progress.finish();
  }
}

function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Line breaks in the file: an estimate of its rows for the progress bar (a street may hold a few more). */
async function countLines(file: string): Promise<number> {
  let lines = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
  }
  return lines;
}

interface Report {
  add(file: string, row: BadRow): void | Promise<void>;
  close(): Promise<void>;
}

/** The bad rows: a CSV file when asked for, otherwise the first few on stderr. */
function openReport(path: string | undefined): Report {
  if (!path) {
    let shown = 0;
    return {
      add(file, row) {
        if (++shown <= SHOWN_BAD_ROWS) console.error(`keyway: ${file} line ${row.line}: ${row.reason}`);
      },
      async close() {
        if (shown > SHOWN_BAD_ROWS)
          console.error(`keyway: and ${shown - SHOWN_BAD_ROWS} more; --report FILE lists all`);
      },
    };
  }
  // Opened here, synchronously, so an unwritable path is refused before anything is imported.
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (error) {
    throw new Error(`cannot write the report ${path}: ${(error as Error).message}`);
  }
  const out = createWriteStream('', { fd });
  const csv = stringify({ header: true, columns: ['file', 'line', 'reason'] });
  csv.pipe(out);
  return {
    // Waiting for the file when it falls behind keeps memory flat even when every row is bad.
    async add(file, row) {
      if (!csv.write([file, row.line, row.reason])) await once(csv, 'drain');
    },
    async close() {
      csv.end();
      await finished(out);
    },
  };
}

interface ImportMagentoOptions {
  from: string;
  tablePrefix: string;
  dryRun?: boolean;
  magentoCryptKey?: string;
}

/** `import:magento`: reads a Magento 2.4 database directly and carries its users, tokens and settings over. */
function registerImportMagento(program: Command): void {
  program
    .command('import:magento')
    .description(
      "Import a Magento 2.4 shop's customers, admins, roles, integrations, live tokens and settings from its database",
    )
    .requiredOption(
      '--from <url>',
      'the Magento database: mysql://USER:PASS@HOST:PORT/DB (or leave PASS out and set MAGENTO_DB_PASSWORD)',
    )
    .option('--table-prefix <prefix>', "Magento's table prefix (db/table_prefix in env.php)", '')
    .option('--dry-run', 'read and check everything, write nothing')
    .option(
      '--magento-crypt-key <key>',
      "the shop's crypt/key (env.php), to carry two-factor secrets; MAGENTO_CRYPT_KEY also works and stays out of ps",
    )
    .action(async (options: ImportMagentoOptions) => {
      const cryptKey = options.magentoCryptKey ?? process.env.MAGENTO_CRYPT_KEY;
      const magentoKey = cryptKey ? createMagentoDecrypter(cryptKey) : undefined;
      const source = await openMagentoSource(options.from, options.tablePrefix, process.env.MAGENTO_DB_PASSWORD);
      try {
        const dryRun = options.dryRun === true;
        const summary = await withKeyway((keyway) => {
          const run = (driver: SqlDriver) =>
            importFromMagento({
              source,
              target: new SqlMagentoImportTarget(driver),
              customers: new SqlCustomerImportStore(driver),
              secrets: keyway.secrets,
              magentoKey,
              dryRun,
              now: formatTimestamp(Date.now()),
              notice: (line) => process.stderr.write(`keyway: ${line}\n`),
              progress: (label, total) => createImportProgress({ stream: process.stderr, label, total }),
            });
          // A dry run writes for real inside one transaction and rolls it back, so its counts are a real run's.
          if (dryRun) return rolledBack(keyway.stores.driver, run);
          // Running nodes empty their caches once the import has written: it changed more than it could name.
          return run(keyway.stores.driver).finally(() => keyway.tokens.forgetEverything());
        });
        console.log(dryRun ? 'Dry run: nothing was written. The import would have done:' : 'Imported from Magento:');
        console.log(summary.render());
      } finally {
        await source.close();
      }
    });
}
