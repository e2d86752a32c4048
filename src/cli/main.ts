import { Command } from 'commander';
import { readEnvironment } from '../config/environment.ts';
import { serve } from '../main.ts';
import { migrate } from '../storage/migrations.ts';
import { openDatabase } from '../storage/open-database.ts';
import { registerAdminCommands } from './admin-commands.ts';
import { registerConfigCommands } from './config-commands.ts';
import { registerCustomerCommands } from './customer-commands.ts';
import { registerImportCommands } from './import-commands.ts';
import { registerIntegrationCommands } from './integration-commands.ts';
import { registerTfaCommands } from './tfa-commands.ts';

const program = new Command('keyway')
  .description('Keyway: a Magento-compatible token-authenticated REST Web API server')
  .showHelpAfterError(false)
  // Usage mistakes read like every other refusal: one line starting with "keyway:".
  .configureOutput({ outputError: (text, write) => write(`keyway: ${text.replace(/^error: /, '')}`) });

program
  .command('serve')
  .description('Start the server on HOST:PORT (default 127.0.0.1:8080)')
  .action(() => serve());

program
  .command('migrate')
  .description('Bring the database schema up to date')
  .action(async () => {
    const driver = openDatabase(readEnvironment().databaseUrl);
    try {
      const applied = await migrate(driver);
      console.log(applied.length === 0 ? 'The schema is up to date' : `Applied migration(s) ${applied.join(', ')}`);
    } finally {
      await driver.close();
    }
  });

// A reader that stops early (`keyway config:show | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

registerAdminCommands(program);
registerCustomerCommands(program);
registerConfigCommands(program);
registerImportCommands(program);
registerIntegrationCommands(program);
registerTfaCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  // One clear line and a non-zero exit; never a stack trace for a refused command.
  console.error(`keyway: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
