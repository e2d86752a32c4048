import type { SqlDriver } from './sql/sql-driver.ts';

/** Runtime settings by Magento config path, shared by every node through the database. */
export interface SettingsStore {
  all(): Promise<Map<string, string>>;
  set(path: string, value: string): Promise<void>;
}

export function createSqlSettingsStore(db: SqlDriver): SettingsStore {
  return {
    async all() {
      const rows = await db.all<{ path: string; value: string }>('SELECT path, value FROM core_config_data');
      return new Map(rows.map((row) => [row.path, row.value]));
    },
    async set(path, value) {
      await db.run(
        'INSERT INTO core_config_data (path, value) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET value = excluded.value',
        [path, value],
      );
    },
  };
}
