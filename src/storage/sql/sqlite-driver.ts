import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SqlDriver, SqlExecutor, SqlParam } from './sql-driver.ts';

type Statement = Database.Statement<unknown[]>;

export interface SqliteDriver extends SqlDriver {
  readonly dialect: 'sqlite';
  /**
   * SQLite's `PRAGMA data_version`: it changes whenever another connection (the CLI, another process) commits,
   * and never for this connection's own writes. A few microseconds; the in-process caches check it per request.
   */
  dataVersion(): number;
}

export function isSqliteDriver(driver: SqlDriver): driver is SqliteDriver {
  return driver.dialect === 'sqlite' && typeof (driver as Partial<SqliteDriver>).dataVersion === 'function';
}

/** SQLite through better-sqlite3: synchronous calls wrapped in the async driver seam. */
export function createSqliteDriver(file: string): SqliteDriver {
  let db: Database.Database;
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
  } catch (error) {
    throw new Error(`Cannot open the SQLite database ${file} (DATABASE_URL): ${(error as Error).message}`);
  }
  // WAL lets the CLI write while a server reads; busy_timeout makes the two wait for each other instead of failing.
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');

  const statements = new Map<string, Statement>();
  const prepare = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };

  const direct: SqlExecutor = {
    async all<T>(sql: string, params: readonly SqlParam[] = []) {
      return prepare(sql).all(...params) as T[];
    },
    async get<T>(sql: string, params: readonly SqlParam[] = []) {
      return prepare(sql).get(...params) as T | undefined;
    },
    async run(sql: string, params: readonly SqlParam[] = []) {
      return { changes: prepare(sql).run(...params).changes };
    },
  };

  // One connection serves every request. While a transaction awaits, other requests' statements would land
  // inside it (and vanish with a rollback), so they wait for it to finish first.
  let open: Promise<void> | undefined;
  const idle = async (): Promise<void> => {
    while (open) await open;
  };

  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  const driver: SqliteDriver = {
    dialect: 'sqlite',
    dataVersion: () => dataVersion.get() as number,
    // Nothing to relax: in WAL mode with `synchronous = NORMAL` no commit waits for a flush to disk.
    bookkeeping: () => driver,
    async all(sql, params) {
      if (open) await idle();
      return direct.all(sql, params);
    },
    async get(sql, params) {
      if (open) await idle();
      return direct.get(sql, params);
    },
    async run(sql, params) {
      if (open) await idle();
      return direct.run(sql, params);
    },
    async transaction(work) {
      // The wait and the claim happen in one continuation, so two transactions started together take turns.
      while (open) await open;
      let release!: () => void;
      open = new Promise((resolve) => (release = resolve));
      try {
        db.exec('BEGIN IMMEDIATE');
        const result = await work(direct);
        db.exec('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw error;
      } finally {
        open = undefined;
        release();
      }
    },
    async exec(sql) {
      await idle();
      db.exec(sql);
    },
    isUniqueViolation(error) {
      const code = (error as { code?: string } | null)?.code;
      return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
    },
    async ping() {
      try {
        db.prepare('SELECT 1').get();
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await idle();
      db.close();
    },
  };
  return driver;
}
