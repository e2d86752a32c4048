import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlParam } from './sql-driver.ts';

// BIGINT columns hold epoch milliseconds and ids, all far below 2^53: read them as numbers, not strings.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** A statement as PostgreSQL is sent it: numbered placeholders, and a name when the server may keep its plan. */
interface Statement {
  text: string;
  name: string | undefined;
}

// Keyway's statements are a fixed set but for a few built per call (search criteria, lists of ids). Named ones
// are parsed and planned once per connection instead of on every call, which costs PostgreSQL a good share of
// a short statement's work. The first texts seen get names, up to this many, so no connection keeps an
// unbounded set; later ones go unnamed, as every statement did before.
const MAX_NAMED = 256;
// Texts whose numbered form is remembered, named or not; past this, built-per-call texts are numbered afresh.
const MAX_REMEMBERED = 4 * MAX_NAMED;
const statements = new Map<string, Statement>();

/** Rewrites `?` placeholders to `$1, $2, ...` once per SQL text; Keyway's SQL never holds a literal `?`. */
function toPostgres(sql: string): Statement {
  let statement = statements.get(sql);
  if (statement === undefined) {
    let n = 0;
    const text = sql.replace(/\?/g, () => `$${++n}`);
    statement = { text, name: statements.size < MAX_NAMED ? `keyway_${statements.size}` : undefined };
    if (statements.size < MAX_REMEMBERED) statements.set(sql, statement);
  }
  return statement;
}

const DEADLOCK_DETECTED = '40P01';
const DEADLOCK_ATTEMPTS = 4;

/**
 * One statement. Outside a transaction a statement is its own transaction: when PostgreSQL picks it as the
 * victim of a deadlock (concurrent sign-ins take throttle rows in one statement, in an order the planner
 * chooses), it was rolled back whole and is run again after a short random pause. Inside a transaction the
 * caller's earlier statements are gone too, so there the error goes to the caller.
 */
async function query(client: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlParam[], retry: boolean) {
  for (let attempt = 1; ; attempt++) {
    try {
      const { text, name } = toPostgres(sql);
      return await client.query({ text, name, values: params as SqlParam[] });
    } catch (error) {
      const deadlock = (error as { code?: string } | null)?.code === DEADLOCK_DETECTED;
      if (!retry || !deadlock || attempt >= DEADLOCK_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
    }
  }
}

function executor(client: pg.Pool | pg.PoolClient, retryDeadlocks: boolean): SqlExecutor {
  return {
    async all<T>(sql: string, params: readonly SqlParam[] = []) {
      return (await query(client, sql, params, retryDeadlocks)).rows as T[];
    },
    async get<T>(sql: string, params: readonly SqlParam[] = []) {
      return (await query(client, sql, params, retryDeadlocks)).rows[0] as T | undefined;
    },
    async run(sql: string, params: readonly SqlParam[] = []) {
      return { changes: (await query(client, sql, params, retryDeadlocks)).rowCount ?? 0 };
    },
  };
}

/** The PostgreSQL driver also names its database, for a connection of its own outside the pool (LISTEN). */
export interface PostgresDriver extends SqlDriver {
  readonly dialect: 'postgres';
  readonly connectionString: string;
}

/** True for a driver that can open its own PostgreSQL connection (one built by `createPostgresDriver`). */
export function isPostgresDriver(driver: SqlDriver): driver is PostgresDriver {
  return driver.dialect === 'postgres' && typeof (driver as Partial<PostgresDriver>).connectionString === 'string';
}

// Bookkeeping writes are short and few per sign-in; a small pool of their own keeps the connection count low.
const BOOKKEEPING_POOL_SIZE = 4;

/** PostgreSQL through a `pg` pool, behind the same seam as SQLite. */
export function createPostgresDriver(connectionString: string, poolSize = 10): PostgresDriver {
  const main = poolDriver(connectionString, new pg.Pool({ connectionString, max: poolSize }));
  let bookkeeping: PostgresDriver | undefined;
  return {
    ...main,
    // Connections of its own, whose commits return before their WAL flush (`synchronous_commit = off`): a sign-in
    // writes the throttle three times, and waiting for each flush cost PostgreSQL more CPU than the statement.
    // What a database crash can lose is the last fraction of a second of throttle counts, never a token or an
    // account; other sessions see each commit at once, as with a flush.
    bookkeeping: () =>
      (bookkeeping ??= poolDriver(
        connectionString,
        new pg.Pool({ connectionString, max: BOOKKEEPING_POOL_SIZE, options: '-c synchronous_commit=off' }),
      )),
    async close() {
      await bookkeeping?.close();
      await main.close();
    },
  };
}

/** One pool as a driver; its bookkeeping is itself. */
function poolDriver(connectionString: string, pool: pg.Pool): PostgresDriver {
  // An idle client that loses its connection emits 'error'; without a listener that would crash the process.
  pool.on('error', () => {});
  const shared = executor(pool, true);
  const driver: PostgresDriver = {
    dialect: 'postgres',
    connectionString,
    ...shared,
    bookkeeping: () => driver,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(executor(client, false));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql) {
      await pool.query(sql);
    },
    isUniqueViolation(error) {
      return (error as { code?: string } | null)?.code === '23505';
    },
    async ping() {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await pool.end();
    },
  };
  return driver;
}
