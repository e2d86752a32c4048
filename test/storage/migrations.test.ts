// backends: sqlite, postgres
// The schema's migrations: each applied once, in order, and a migration for one database only is recorded as
// applied on the other without touching it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { migrate } from '../../src/storage/migrations.ts';
import { openStores, type Stores } from '../../src/storage/stores.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';

describe('migrations', () => {
  let database: TestDatabase;
  let stores: Stores;
  before(async () => {
    database = await createTestDatabase();
    stores = await openStores(database.url);
  });
  after(async () => {
    await stores.driver.close();
    await database.drop();
  });

  it('are recorded once each, and running them again applies nothing', async () => {
    const versions = await stores.driver.all<{ version: number }>(
      'SELECT version FROM keyway_migrations ORDER BY version',
    );
    assert.deepEqual(
      versions.map((row) => row.version),
      [1, 2, 3, 4, 5, 6, 7, 8],
    );
    assert.deepEqual(await migrate(stores.driver), []);
  });

  it('on PostgreSQL the per-address counts are unlogged and the account lockouts are not', async (t) => {
    if (stores.driver.dialect !== 'postgres') {
      t.skip('SQLite has no unlogged tables');
      return;
    }
    const persistence = await stores.driver.all<{ relname: string; relpersistence: string }>(
      `SELECT relname, relpersistence FROM pg_class
       WHERE relname IN ('oauth_token_address_log', 'oauth_token_request_log') ORDER BY relname`,
    );
    assert.deepEqual(persistence, [
      { relname: 'oauth_token_address_log', relpersistence: 'u' },
      { relname: 'oauth_token_request_log', relpersistence: 'p' },
    ]);
  });

  it('the per-address counts still count after the change', async () => {
    const slot = await stores.throttle.reserveAddress('192.0.2.7', 1_000, 1, 60_000);
    assert.deepEqual(slot, { address: '192.0.2.7', windowEndsAt: 61_000 });
    assert.deepEqual(await stores.throttle.reserveAddress('192.0.2.7', 2_000, 1, 60_000), { throttledUntil: 61_000 });
  });
});
