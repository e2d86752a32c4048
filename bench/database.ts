// A database of the bench's own for each run, and raw SQL for what no API should do: filling the token table
// with a million rows in seconds.
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export type Backend = 'sqlite' | 'postgres';

export interface BenchDatabase {
  backend: Backend;
  url: string;
  /** The SQLite file, for the same-work servers; undefined on PostgreSQL. */
  file?: string;
  /** Leaves exactly `total` tokens: the kept user's own, plus random customer tokens up to the total. */
  setTokenCount(total: number, keepCustomerId: number): Promise<void>;
  /** A copy with the same rows, while no server has this one open. */
  clone(): Promise<BenchDatabase>;
  drop(): Promise<void>;
}

const POSTGRES_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const BATCH = 10_000;
const KEEP_OTHERS = 'DELETE FROM oauth_token WHERE NOT (user_type = 3 AND user_id = ?)';

export async function createBenchDatabase(backend: Backend): Promise<BenchDatabase> {
  if (backend === 'sqlite') return sqliteIn(mkdtempSync(join(tmpdir(), 'keyway-bench-')));
  const name = `keyway_bench_${process.pid}`;
  await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
  await adminQuery(`CREATE DATABASE ${name}`);
  return postgresNamed(name);
}

function sqliteIn(dir: string): BenchDatabase {
  const file = join(dir, 'keyway.sqlite');
  return {
    backend: 'sqlite',
    url: `sqlite:${file}`,
    file,
    async setTokenCount(total, keepCustomerId) {
      const db = new Database(file);
      try {
        db.prepare(KEEP_OTHERS).run(keepCustomerId);
        const kept = (db.prepare('SELECT COUNT(*) AS n FROM oauth_token').get() as { n: number }).n;
        const insert = db.prepare(
          'INSERT INTO oauth_token (digest, user_type, user_id, created_at) VALUES (?, 3, ?, ?)',
        );
        const now = Date.now();
        // One transaction for all rows: a commit per batch would cost more than the inserts themselves.
        db.transaction(() => {
          for (const [digest, userId] of randomRows(total - kept)) insert.run(digest, userId, now);
        })();
        db.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        db.close();
      }
    },
    async clone() {
      const db = new Database(file);
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.close();
      const copy = mkdtempSync(join(tmpdir(), 'keyway-bench-'));
      copyFileSync(file, join(copy, 'keyway.sqlite'));
      return sqliteIn(copy);
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresNamed(name: string): BenchDatabase {
  const url = POSTGRES_ADMIN_URL.replace(/\/postgres$/, `/${name}`);
  return {
    backend: 'postgres',
    url,
    async setTokenCount(total, keepCustomerId) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('BEGIN');
        await client.query(KEEP_OTHERS.replace('?', '$1'), [keepCustomerId]);
        const kept = Number((await client.query('SELECT COUNT(*) AS n FROM oauth_token')).rows[0].n);
        for (let left = total - kept; left > 0; left -= BATCH) {
          const rows = randomRows(Math.min(left, BATCH));
          await client.query(
            `INSERT INTO oauth_token (digest, user_type, user_id, created_at)
             SELECT d, 3, u, $3 FROM unnest($1::text[], $2::bigint[]) AS r(d, u)`,
            [rows.map((row) => row[0]), rows.map((row) => row[1]), Date.now()],
          );
        }
        await client.query('COMMIT');
        // Autovacuum would analyse a table that grew this much within a minute; do it now, as a server would see it.
        await client.query('ANALYZE oauth_token');
      } finally {
        await client.end();
      }
    },
    async clone() {
      const copy = `${name}_copy`;
      await adminQuery(`DROP DATABASE IF EXISTS ${copy}`);
      await adminQuery(`CREATE DATABASE ${copy} TEMPLATE ${name}`);
      return postgresNamed(copy);
    },
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Random SHA-256-shaped digests for customers that do not exist: rows that only make the table big. */
function randomRows(count: number): [string, number][] {
  const bytes = randomBytes(32 * count).toString('hex');
  const rows: [string, number][] = [];
  for (let i = 0; i < count; i++)
    rows.push([bytes.slice(i * 64, i * 64 + 64), 1_000_000 + Math.floor(Math.random() * 1e9)]);
  return rows;
}
