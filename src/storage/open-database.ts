import { resolve } from 'node:path';
import { createPostgresDriver } from './sql/postgres-driver.ts';
import { createSqliteDriver } from './sql/sqlite-driver.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

/** Opens the database a `DATABASE_URL` names: `sqlite:PATH` (or `sqlite::memory:`) or `postgres://...`. */
export function openDatabase(url: string): SqlDriver {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new Error(`DATABASE_URL "${url}" names no file; use sqlite:PATH`);
    return createSqliteDriver(path === ':memory:' ? path : resolve(path));
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return createPostgresDriver(url);
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url.split(':')[0]}:..."`);
}
