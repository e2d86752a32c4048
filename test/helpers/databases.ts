import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  /** The SQLite file, for tests that read the raw bytes. */
  file?: string;
  drop(): Promise<void>;
}

export type Backend = 'sqlite' | 'postgres';

/**
 * The backend under test. scripts/run-tests.mjs sets `KEYWAY_TEST_DATABASE=postgres` for its PostgreSQL run of
 * the files whose first line names postgres among their backends.
 */
export const TEST_BACKEND: Backend = process.env.KEYWAY_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';
export const POSTGRES_ADMIN_URL = process.env.KEYWAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

let counter = 0;

/** A fresh, empty database of the backend under test (a real SQLite file, or a new PostgreSQL database). */
export async function createTestDatabase(backend: Backend = TEST_BACKEND): Promise<TestDatabase> {
  if (backend === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'keyway-test-'));
    const file = join(dir, 'keyway.sqlite');
    return { url: `sqlite:${file}`, file, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `keyway_test_${process.pid}_${Date.now()}_${counter++}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
