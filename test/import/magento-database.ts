// A Magento-shaped database on the test MariaDB (KEYWAY_TEST_MYSQL_URL, default mysql://root@127.0.0.1:3306):
// a fresh database per test file, with Magento's tables (magento-schema.sql), dropped afterwards.
import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import mysql from 'mysql2/promise';

export const MYSQL_URL = process.env.KEYWAY_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';
const SCHEMA = readFileSync(new URL('./magento-schema.sql', import.meta.url), 'utf8');

export interface MagentoDatabase {
  /** `mysql://…/keyway_import_<pid>_<n>`, as `--from` takes it. */
  url: string;
  /** Runs one statement with `?` parameters. */
  query(sql: string, params?: unknown[]): Promise<unknown>;
  /** A read-only user of this database with `password`, named in `url` without it (dropped with the database). */
  reader(password: string): Promise<string>;
  /** Inserts rows into a table (prefixed), each an object of columns. */
  insert(table: string, ...rows: Record<string, unknown>[]): Promise<void>;
  drop(): Promise<void>;
}

let counter = 0;

/**
 * Whether the test MariaDB answers. Off CI a machine without one skips these suites with a note, as
 * scripts/run-tests.mjs does for PostgreSQL; under CI=true (.ci/run starts MariaDB) they run and fail instead.
 */
export async function mariadbSkipReason(): Promise<string | false> {
  if (process.env.CI === 'true') return false;
  try {
    const connection = await mysql.createConnection({ uri: MYSQL_URL, connectTimeout: 3000 });
    await connection.end();
    return false;
  } catch {
    return `no MariaDB at ${MYSQL_URL} (set KEYWAY_TEST_MYSQL_URL, or run .ci/run)`;
  }
}

/** A new database holding Magento's tables, each named with `prefix` in front. */
export async function createMagentoDatabase(prefix = ''): Promise<MagentoDatabase> {
  const name = `keyway_import_${process.pid}_${counter++}`;
  const server = await mysql.createConnection({ uri: MYSQL_URL, multipleStatements: true, timezone: 'Z' });
  await server.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await server.query(`USE \`${name}\``);
  await server.query("SET time_zone = '+00:00'");
  // Website, group and store 0 (admin) are real rows; without this MariaDB reads 0 as "the next id", as Magento's
  // installer knows.
  await server.query("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')");
  await server.query(SCHEMA.replace(/^--.*$/gm, '').replaceAll('{{p}}', prefix));
  const url = new URL(MYSQL_URL);
  url.pathname = `/${name}`;
  const readers: string[] = [];
  return {
    url: url.toString(),
    query: (sql, params = []) => server.query(sql, params),
    async reader(password) {
      const user = `kw_reader_${process.pid}_${readers.length}`;
      await server.query(`CREATE USER '${user}'@'%' IDENTIFIED BY ?`, [password]);
      await server.query(`CREATE USER '${user}'@'localhost' IDENTIFIED BY ?`, [password]);
      for (const host of ['%', 'localhost']) await server.query(`GRANT SELECT ON \`${name}\`.* TO '${user}'@'${host}'`);
      readers.push(user);
      const readerUrl = new URL(url);
      readerUrl.username = user;
      readerUrl.password = '';
      return readerUrl.toString();
    },
    async insert(table, ...rows) {
      for (const row of rows) {
        const columns = Object.keys(row);
        await server.query(
          `INSERT INTO \`${prefix}${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES (?)`,
          [Object.values(row)],
        );
      }
    },
    async drop() {
      for (const user of readers) await server.query(`DROP USER IF EXISTS '${user}'@'%', '${user}'@'localhost'`);
      await server.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await server.end();
    },
  };
}

/** Magento's `Encryptor::encrypt` (2.4, cipher version 3) under key version 0, as a shop writes secrets. */
export function magentoEncrypt(plain: string, cryptKey: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('chacha20-poly1305', Buffer.from(cryptKey), nonce, { authTagLength: 16 });
  cipher.setAAD(nonce, { plaintextLength: Buffer.byteLength(plain) });
  const body = Buffer.concat([nonce, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `0:3:${body.toString('base64')}`;
}

/** Magento's TIMESTAMP text (UTC) for an epoch time in ms. */
export function mysqlTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}
