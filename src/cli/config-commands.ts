import type { Command } from 'commander';
import { SETTINGS, isSettingPath } from '../config/setting-definitions.ts';
import { SettingError } from '../config/settings.ts';
import { withKeyway } from './with-keyway.ts';

/** `config:set` and `config:show`, reading and writing the settings every node shares. */
export function registerConfigCommands(program: Command): void {
  program
    .command('config:set')
    .description('Store a runtime setting (takes effect on running servers within seconds)')
    .argument('<path>', 'Magento config path, e.g. oauth/access_token_lifetime/customer')
    .argument('<value>')
    .action(async (path: string, value: string) => {
      await withKeyway((keyway) => keyway.settings.set(path, value));
      console.log(`${path} = ${value}`);
    });

  program
    .command('config:show')
    .description('Show one setting, or all of them')
    .argument('[path]')
    .action(async (path: string | undefined) => {
      if (path !== undefined && !isSettingPath(path)) throw new SettingError(`Unknown setting "${path}"`);
      await withKeyway(async (keyway) => {
        const paths = path === undefined ? (Object.keys(SETTINGS) as (keyof typeof SETTINGS)[]) : [path];
        for (const each of paths)
          console.log(path === undefined ? `${each} = ${keyway.settings.get(each)}` : keyway.settings.get(each));
      });
    });
}
