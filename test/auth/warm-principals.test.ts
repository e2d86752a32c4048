// backends: sqlite, postgres
// A warm token's principal is decided once and handed out again (src/auth/warm-principals.ts). Each thing that
// decision was made from must end it at once: a setting, the admin role's resources, the token's end and its
// next last-use note. The cross-process cases (revocation, disable, role change from the CLI) are in
// test/storage/freshness.test.ts; these are the ones a single node makes itself.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MINUTE } from '../helpers/clock.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

describe('warm principals', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.keyway.admins.createRole('Readers', ['Magento_Customer::customer']);
  });
  after(() => s.close());

  const me = async (token: string) => (await s.call('GET', '/rest/V1/customers/me', { token })).status;
  /** Two calls, so the token's last use is noted and its owner held: the next one is a warm read. */
  const warmUp = async (token: string) => {
    assert.equal(await me(token), 200);
    assert.equal(await me(token), 200);
  };

  it('a warm token answers the same frozen principal again, without deciding it afresh', async () => {
    await s.seedCustomer({ email: 'warm@example.com' });
    const token = await s.customerToken('warm@example.com');
    await warmUp(token);
    const first = s.keyway.tokens.authenticateCached(token);
    const second = s.keyway.tokens.authenticateCached(token);
    assert.equal(first?.kind, 'customer');
    assert.equal(second, first);
    assert.ok(Object.isFrozen(first));
  });

  /** Runs `body` with customer tokens living one hour, then back to never expiring. */
  const withOneHourLifetime = async (body: () => Promise<void>) => {
    await s.keyway.settings.set('oauth/access_token_lifetime/customer', '1');
    try {
      await body();
    } finally {
      await s.keyway.settings.set('oauth/access_token_lifetime/customer', '');
    }
  };

  it('a lifetime set on this node ends a warm token on its next request, the clock standing still', async () => {
    await s.seedCustomer({ email: 'setting@example.com' });
    const token = await s.customerToken('setting@example.com');
    s.clock.advance(2 * 60 * MINUTE);
    await warmUp(token);
    await withOneHourLifetime(async () => assert.equal(await me(token), 401));
  });

  it('a warm token stops at its end, even inside its last-use minute', async () => {
    await withOneHourLifetime(async () => {
      await s.seedCustomer({ email: 'ending@example.com' });
      const token = await s.customerToken('ending@example.com');
      s.clock.advance(59 * MINUTE + 30_000);
      await warmUp(token);
      s.clock.advance(40_000);
      assert.equal(await me(token), 401);
    });
  });

  it('a minute after the last noted use the warm way steps aside, so the use is noted again', async () => {
    await s.seedCustomer({ email: 'noted@example.com' });
    const token = await s.customerToken('noted@example.com');
    await warmUp(token);
    assert.ok(s.keyway.tokens.authenticateCached(token));
    s.clock.advance(MINUTE);
    assert.equal(s.keyway.tokens.authenticateCached(token), undefined);
    assert.equal(await me(token), 200);
    assert.ok(s.keyway.tokens.authenticateCached(token), 'warm again once the use is noted');
  });

  it('a clock set back before the last noted use is not answered from the decision', async () => {
    await s.seedCustomer({ email: 'backwards@example.com' });
    const token = await s.customerToken('backwards@example.com');
    await warmUp(token);
    s.clock.advance(-MINUTE);
    try {
      assert.equal(s.keyway.tokens.authenticateCached(token), undefined);
    } finally {
      s.clock.advance(MINUTE);
    }
  });

  it("an admin role narrowed on this node judges the admin's next request", async () => {
    const customerId = await s.seedCustomer({ email: 'read@example.com' });
    await s.seedAdmin('reader', 'reader123pass', 'Readers');
    const token = await s.adminToken('reader', 'reader123pass');
    const read = async () => (await s.call('GET', `/rest/V1/customers/${customerId}`, { token })).status;
    assert.equal(await read(), 200);
    assert.equal(await read(), 200);
    await s.keyway.admins.updateRole('Readers', ['Magento_Customer::group']);
    assert.equal(await read(), 401);
  });
});
