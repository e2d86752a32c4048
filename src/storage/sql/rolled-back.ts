// A dry run that does the real work: every statement runs inside one transaction that is then rolled back, so
// the counts it reports (imported, updated, unchanged) and the constraints it meets are exactly a real run's.
import type { SqlDriver, SqlExecutor } from './sql-driver.ts';

class Rollback extends Error {}

/** A driver whose statements all run inside `tx`; its own transactions become part of that one. */
function insideTransaction(driver: SqlDriver, tx: SqlExecutor): SqlDriver {
  const inside: SqlDriver = {
    dialect: driver.dialect,
    all: (sql, params) => tx.all(sql, params),
    get: (sql, params) => tx.get(sql, params),
    run: (sql, params) => tx.run(sql, params),
    transaction: (work) => work(tx),
    exec: () => Promise.reject(new Error('no DDL inside a rolled-back run')),
    isUniqueViolation: (error) => driver.isUniqueViolation(error),
    ping: () => driver.ping(),
    close: async () => {},
    // Bookkeeping too stays inside, to be rolled back with the rest.
    bookkeeping: () => inside,
  };
  return inside;
}

/**
 * Runs `work` against a driver inside one transaction and rolls it back; answers what `work` answered. On
 * PostgreSQL a sequence moved inside (setval, nextval) stays moved: that leaves a gap in ids, nothing more.
 */
export async function rolledBack<T>(driver: SqlDriver, work: (driver: SqlDriver) => Promise<T>): Promise<T> {
  let result: T | undefined;
  try {
    await driver.transaction(async (tx) => {
      result = await work(insideTransaction(driver, tx));
      throw new Rollback();
    });
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return result as T;
}
