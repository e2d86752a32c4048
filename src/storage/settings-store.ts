import type { SettingsStore } from '../config/settings-store.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

/** Settings in Magento's `core_config_data` table. */
export class SqlSettingsStore implements SettingsStore {
  constructor(private readonly db: SqlDriver) {}

  async all(): Promise<Map<string, string>> {
    const rows = await this.db.all<{ path: string; value: string }>('SELECT path, value FROM core_config_data');
    return new Map(rows.map((row) => [row.path, row.value]));
  }

  async set(path: string, value: string): Promise<void> {
    await this.db.run(
      'INSERT INTO core_config_data (path, value) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET value = excluded.value',
      [path, value],
    );
  }
}
