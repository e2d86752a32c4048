// backends: sqlite, postgres
// The driver seam behaves the same on SQLite and PostgreSQL (run once per backend by npm test).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/storage/open-database.ts';
import type { SqlDriver } from '../../src/storage/sql/sql-driver.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';

describe('SQL driver', () => {
  let database: TestDatabase;
  let driver: SqlDriver;
  before(async () => {
    database = await createTestDatabase();
    driver = openDatabase(database.url);
    await driver.exec('CREATE TABLE item (name TEXT PRIMARY KEY, n INTEGER NOT NULL)');
  });
  after(async () => {
    await driver.close();
    await database.drop();
  });

  it('binds ? placeholders in order and reads rows back', async () => {
    await driver.run('INSERT INTO item (name, n) VALUES (?, ?)', ['a', 1]);
    assert.deepEqual(await driver.get('SELECT name, n FROM item WHERE name = ?', ['a']), { name: 'a', n: 1 });
    assert.equal(await driver.get('SELECT name FROM item WHERE name = ?', ['missing']), undefined);
  });

  it('two transactions started together both commit, one after the other', async () => {
    const results = await Promise.allSettled([
      driver.transaction(async (tx) => {
        await tx.run('INSERT INTO item (name, n) VALUES (?, ?)', ['t1', 1]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.run('UPDATE item SET n = n + 1 WHERE name = ?', ['t1']);
      }),
      driver.transaction(async (tx) => tx.run('INSERT INTO item (name, n) VALUES (?, ?)', ['t2', 1])),
    ]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'fulfilled'],
    );
    assert.deepEqual(await driver.all("SELECT name, n FROM item WHERE name IN ('t1', 't2') ORDER BY name"), [
      { name: 't1', n: 2 },
      { name: 't2', n: 1 },
    ]);
  });

  it('a failed transaction rolls back its own writes but not a write made outside it meanwhile', async () => {
    const failing = driver.transaction(async (tx) => {
      await tx.run('INSERT INTO item (name, n) VALUES (?, ?)', ['inside', 1]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('boom');
    });
    const outside = driver.run('INSERT INTO item (name, n) VALUES (?, ?)', ['outside', 1]);
    await assert.rejects(failing, /boom/);
    await outside;
    assert.equal(await driver.get('SELECT name FROM item WHERE name = ?', ['inside']), undefined);
    assert.deepEqual(await driver.get('SELECT name FROM item WHERE name = ?', ['outside']), { name: 'outside' });
  });

  it('recognises a unique violation, and only that', async () => {
    const duplicate = await driver.run('INSERT INTO item (name, n) VALUES (?, ?)', ['a', 2]).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.equal(driver.isUniqueViolation(duplicate), true);
    const other = await driver.run('INSERT INTO item (name) VALUES (?)', ['no-n']).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(other, 'a NOT NULL violation fails too');
    assert.equal(driver.isUniqueViolation(other), false);
  });

  it('reports changes and answers ping', async () => {
    assert.deepEqual(await driver.run('UPDATE item SET n = 5 WHERE name = ?', ['a']), { changes: 1 });
    assert.deepEqual(await driver.run('UPDATE item SET n = 5 WHERE name = ?', ['none']), { changes: 0 });
    assert.equal(await driver.ping(), true);
  });
});
