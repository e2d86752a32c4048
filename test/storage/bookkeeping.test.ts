// backends: sqlite, postgres
// The throttle's bookkeeping writes go through `driver.bookkeeping()`: on PostgreSQL connections of their own
// whose commits do not wait for a WAL flush, yet are seen by every other session at once; on SQLite the driver
// itself. A dry run keeps them inside its transaction, and closing the driver closes them too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { UserType } from '../../src/auth/principal.ts';
import { rolledBack } from '../../src/storage/sql/rolled-back.ts';
import { openStores, type Stores } from '../../src/storage/stores.ts';
import { createTestDatabase, POSTGRES_ADMIN_URL, TEST_BACKEND, type TestDatabase } from '../helpers/databases.ts';

const PLACES = 'SELECT pending_count FROM oauth_token_request_log WHERE user_name = ? AND user_type = ?';

describe('bookkeeping writes', () => {
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

  it('a place the throttle takes is seen at once through the main connections', async () => {
    assert.equal(await stores.throttle.reserveAttempt('seen@example.com', UserType.CUSTOMER, Date.now(), 5), 'go');
    const row = await stores.driver.get<{ pending_count: number }>(PLACES, ['seen@example.com', UserType.CUSTOMER]);
    assert.equal(row?.pending_count, 1);
  });

  it('a dry run rolls back bookkeeping written inside it', async () => {
    await rolledBack(stores.driver, (driver) =>
      driver
        .bookkeeping()
        .run(
          'INSERT INTO oauth_token_request_log (user_name, user_type, failures_count, lock_expires_at, pending_count, pending_expires_at) VALUES (?, ?, 1, 0, 0, 0)',
          ['dry@example.com', UserType.CUSTOMER],
        ),
    );
    assert.equal(await stores.driver.get(PLACES, ['dry@example.com', UserType.CUSTOMER]), undefined);
  });

  if (TEST_BACKEND === 'sqlite') {
    it('on SQLite is the driver itself', () => {
      assert.equal(stores.driver.bookkeeping(), stores.driver);
    });
  } else {
    it('on PostgreSQL commits without waiting for the flush, and only there', async () => {
      const setting = 'SELECT current_setting(?) AS value';
      assert.deepEqual(await stores.driver.bookkeeping().get(setting, ['synchronous_commit']), { value: 'off' });
      assert.deepEqual(await stores.driver.get(setting, ['synchronous_commit']), { value: 'on' });
      // The same pool every time, not a new one per call.
      assert.equal(stores.driver.bookkeeping(), stores.driver.bookkeeping());
    });

    it('closing the driver closes the bookkeeping connections too', async () => {
      const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await admin.connect();
      const name = new URL(database.url).pathname.slice(1);
      const sessions = async () =>
        (
          await admin.query(
            "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND backend_type = 'client backend'",
            [name],
          )
        ).rows[0].n as number;
      try {
        const before = await sessions();
        const other = await openStores(database.url);
        await other.throttle.reserveAttempt('closing@example.com', UserType.ADMIN, Date.now(), 5);
        await other.customers.findByEmail(1, 'closing@example.com');
        assert.ok((await sessions()) >= before + 2, 'a main and a bookkeeping connection');
        await other.driver.close();
        // A backend leaves pg_stat_activity a moment after its client hangs up.
        const deadline = Date.now() + 5_000;
        while ((await sessions()) !== before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
        assert.equal(await sessions(), before);
      } finally {
        await admin.end();
      }
    });
  }
});
