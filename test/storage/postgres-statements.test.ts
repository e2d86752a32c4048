// backends: postgres
// Keyway's statements are prepared once per PostgreSQL connection and reused, so the server parses and plans
// each of them once instead of on every call.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPostgresDriver, type PostgresDriver } from '../../src/storage/sql/postgres-driver.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';

describe('PostgreSQL statements', () => {
  let database: TestDatabase;
  let driver: PostgresDriver;
  before(async () => {
    database = await createTestDatabase('postgres');
    // One connection, so every statement below meets the same server session.
    driver = createPostgresDriver(database.url, 1);
    await driver.exec('CREATE TABLE item (name TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  });
  after(async () => {
    await driver.close();
    await database.drop();
  });

  it('a statement run again is the one prepared the first time, under one name', async () => {
    const insert = 'INSERT INTO item (name, n) VALUES (?, ?)';
    await driver.run(insert, ['a', 1]);
    await driver.run(insert, ['b', 2]);
    assert.deepEqual(await driver.all('SELECT name, n FROM item ORDER BY name'), [
      { name: 'a', n: 1 },
      { name: 'b', n: 2 },
    ]);
    const prepared = await driver.all<{ name: string; statement: string }>(
      'SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE ?',
      ['INSERT INTO item%'],
    );
    assert.equal(prepared.length, 1, 'one prepared statement for the insert, however often it ran');
    assert.match(prepared[0]!.name, /^keyway_\d+$/);
    assert.equal(prepared[0]!.statement, 'INSERT INTO item (name, n) VALUES ($1, $2)');
  });

  it('inside a transaction the same prepared statements serve, and a rollback leaves them usable', async () => {
    await assert.rejects(
      driver.transaction(async (tx) => {
        await tx.run('INSERT INTO item (name, n) VALUES (?, ?)', ['c', 3]);
        throw new Error('undo');
      }),
      /undo/,
    );
    await driver.run('INSERT INTO item (name, n) VALUES (?, ?)', ['d', 4]);
    assert.deepEqual(await driver.get('SELECT count(*)::int AS n FROM item WHERE name IN (?, ?)', ['c', 'd']), {
      n: 1,
    });
  });
});
