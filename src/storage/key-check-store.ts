import type { KeyCheckStore } from '../crypto/key-check-store.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

/** The key's check value in `keyway_key_check`, a table of at most one row. */
export class SqlKeyCheckStore implements KeyCheckStore {
  constructor(private readonly db: SqlDriver) {}

  async read(): Promise<string | null> {
    const row = await this.db.get<{ check_value: string }>('SELECT check_value FROM keyway_key_check WHERE id = 1');
    return row?.check_value ?? null;
  }

  async claim(value: string): Promise<string> {
    await this.db.run('INSERT INTO keyway_key_check (id, check_value) VALUES (1, ?) ON CONFLICT (id) DO NOTHING', [
      value,
    ]);
    return (await this.read()) ?? value;
  }

  async replace(value: string): Promise<void> {
    await this.db.run('UPDATE keyway_key_check SET check_value = ? WHERE id = 1', [value]);
  }
}
