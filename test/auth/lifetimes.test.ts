// backends: sqlite, postgres
// Token lifetimes (SPEC section 2): never by default; hours from a setting; 0 or empty means never.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MINUTE } from '../helpers/clock.ts';
import { ADMIN, createTestServer, type TestServer } from '../helpers/test-app.ts';

describe('token lifetimes', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
  });
  after(() => s.close());

  const me = async (token: string) => (await s.call('GET', '/rest/V1/customers/me', { token })).status;
  const stores = async (token: string) => (await s.call('GET', '/rest/V1/store/websites', { token })).status;

  it('tokens never expire by default', async () => {
    const customer = await s.customerToken();
    const admin = await s.adminToken();
    s.clock.advance(5 * 365 * 24 * 60 * MINUTE);
    assert.equal(await me(customer), 200);
    assert.equal(await stores(admin), 200);
  });

  it('with a customer lifetime of 1 hour: works at 59 minutes, not at 61', async () => {
    await s.keyway.settings.set('oauth/access_token_lifetime/customer', '1');
    try {
      const token = await s.customerToken();
      const admin = await s.adminToken();
      s.clock.advance(59 * MINUTE);
      assert.equal(await me(token), 200);
      s.clock.advance(2 * MINUTE);
      assert.equal(await me(token), 401);
      assert.equal(await stores(admin), 200, 'the admin lifetime is its own setting');
    } finally {
      await s.keyway.settings.set('oauth/access_token_lifetime/customer', '');
    }
  });

  it('with an admin lifetime of 4 hours: works at 3h59, not at 4h01', async () => {
    await s.keyway.settings.set('oauth/access_token_lifetime/admin', '4');
    try {
      const admin = await s.adminToken();
      s.clock.advance(239 * MINUTE);
      assert.equal(await stores(admin), 200);
      s.clock.advance(2 * MINUTE);
      assert.equal(await stores(admin), 401);
    } finally {
      await s.keyway.settings.set('oauth/access_token_lifetime/admin', '');
    }
  });

  it('0 means never, not expired at once (a known Magento bug)', async () => {
    await s.keyway.settings.set('oauth/access_token_lifetime/customer', '0');
    try {
      const token = await s.customerToken();
      assert.equal(await me(token), 200);
      s.clock.advance(10_000 * 60 * MINUTE);
      assert.equal(await me(token), 200);
    } finally {
      await s.keyway.settings.set('oauth/access_token_lifetime/customer', '');
    }
  });

  it('expired tokens are cleaned up; live ones stay', async () => {
    await s.keyway.settings.set('oauth/access_token_lifetime/customer', '1');
    try {
      const old = await s.customerToken();
      s.clock.advance(61 * MINUTE);
      const fresh = await s.customerToken();
      const deleted = await s.keyway.tokens.deleteExpired();
      assert.ok(deleted >= 1);
      await s.keyway.settings.set('oauth/access_token_lifetime/customer', '');
      assert.equal(await me(old), 401, 'deleted, so it stays dead when the lifetime is lifted');
      assert.equal(await me(fresh), 200);
    } finally {
      await s.keyway.settings.set('oauth/access_token_lifetime/customer', '');
    }
  });

  it('a lifetime that is not a number of hours is refused', async () => {
    await assert.rejects(
      s.keyway.settings.set('oauth/access_token_lifetime/customer', 'one'),
      /must be a number of hours/,
    );
    await assert.rejects(
      s.keyway.settings.set('oauth/access_token_lifetime/customer', '-1'),
      /must be a number of hours/,
    );
  });
});
