// backends: sqlite, postgres
// Brute-force throttling with a fixed clock (SPEC section 2; Magento's RequestThrottler).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MINUTE } from '../helpers/clock.ts';
import { SIGN_IN_INCORRECT } from '../helpers/magento-bodies.ts';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

const CUSTOMER_URL = '/rest/V1/integration/customer/token';
const ADMIN_URL = '/rest/V1/integration/admin/token';

function login(s: TestServer, url: string, username: string, password: string) {
  return s.call('POST', url, { json: { username, password } });
}

describe('throttling', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
  });
  after(() => s.close());

  it('5 failures, then the right password succeeds and resets the count', async () => {
    const email = 'five@example.com';
    await s.seedCustomer({ email });
    for (let i = 0; i < 5; i++) assert.equal((await login(s, CUSTOMER_URL, email, 'wrong')).status, 401);
    assert.equal((await login(s, CUSTOMER_URL, email, CUSTOMER.password)).status, 200);
    for (let i = 0; i < 5; i++) assert.equal((await login(s, CUSTOMER_URL, email, 'wrong')).status, 401);
    assert.equal((await login(s, CUSTOMER_URL, email, CUSTOMER.password)).status, 200, 'the count started again');
  });

  it('6 failures lock the account: the right password gets 401, without a password check', async () => {
    const email = 'six@example.com';
    await s.seedCustomer({ email });
    for (let i = 0; i < 6; i++) await login(s, CUSTOMER_URL, email, 'wrong');
    s.verifications.reset();
    const locked = await login(s, CUSTOMER_URL, email, CUSTOMER.password);
    assert.equal(locked.status, 401);
    assert.deepEqual(locked.json, SIGN_IN_INCORRECT);
    assert.equal(s.verifications.count(), 0);
  });

  it('the lock really expires after oauth/authentication_lock/timeout', async () => {
    const email = 'expiry@example.com';
    await s.seedCustomer({ email });
    for (let i = 0; i < 6; i++) await login(s, CUSTOMER_URL, email, 'wrong');
    s.clock.advance(29 * MINUTE);
    assert.equal((await login(s, CUSTOMER_URL, email, CUSTOMER.password)).status, 401, 'still locked at 29 minutes');
    s.clock.advance(1 * MINUTE + 1000);
    assert.equal((await login(s, CUSTOMER_URL, email, CUSTOMER.password)).status, 200, 'unlocked after 30 minutes');
  });

  it('the limit and the lock time are settings', async () => {
    const email = 'settings@example.com';
    await s.seedCustomer({ email });
    await s.keyway.settings.set('oauth/authentication_lock/max_failures_count', '2');
    await s.keyway.settings.set('oauth/authentication_lock/timeout', '60');
    try {
      for (let i = 0; i < 2; i++) await login(s, CUSTOMER_URL, email, 'wrong');
      assert.equal((await login(s, CUSTOMER_URL, email, CUSTOMER.password)).status, 401);
      s.clock.advance(61_000);
      assert.equal((await login(s, CUSTOMER_URL, email, CUSTOMER.password)).status, 200);
    } finally {
      await s.keyway.settings.set('oauth/authentication_lock/max_failures_count', '6');
      await s.keyway.settings.set('oauth/authentication_lock/timeout', '1800');
    }
  });

  it('admin:user:unlock clears an admin lock', async () => {
    await s.seedAdmin('locked_admin', 'abc12345');
    for (let i = 0; i < 6; i++) await login(s, ADMIN_URL, 'locked_admin', 'wrong1');
    assert.equal((await login(s, ADMIN_URL, 'locked_admin', 'abc12345')).status, 401);
    await s.keyway.admins.unlockAdmin('locked_admin');
    assert.equal((await login(s, ADMIN_URL, 'locked_admin', 'abc12345')).status, 200);
  });

  it('a lock is shared by every spelling of the username', async () => {
    await s.seedAdmin('Casey', 'abc12345');
    for (const name of ['casey', 'CASEY', 'Casey', ' casey', 'casey ', 'cAsEy'])
      await login(s, ADMIN_URL, name, 'wrong1');
    assert.equal((await login(s, ADMIN_URL, 'Casey', 'abc12345')).status, 401);
  });

  for (const [kind, url] of [
    ['customer', CUSTOMER_URL],
    ['admin', ADMIN_URL],
  ] as const) {
    it(`30 concurrent wrong ${kind} attempts verify at most 6 passwords`, async () => {
      const username = kind === 'customer' ? 'concurrent@example.com' : 'concurrent_admin';
      if (kind === 'customer') await s.seedCustomer({ email: username });
      else await s.seedAdmin(username, 'abc12345');
      s.verifications.reset();
      const responses = await Promise.all(Array.from({ length: 30 }, () => login(s, url, username, 'wrong1')));
      assert.ok(responses.every((response) => response.status === 401));
      assert.equal(s.verifications.count(), 6);
    });
  }

  it('more concurrent correct logins than the limit all succeed: only failures lock', async () => {
    const email = 'parallel@example.com';
    await s.seedCustomer({ email });
    s.verifications.reset();
    const responses = await Promise.all(
      Array.from({ length: 15 }, () => login(s, CUSTOMER_URL, email, CUSTOMER.password)),
    );
    assert.deepEqual(
      responses.map((response) => response.status),
      Array(15).fill(200),
    );
    assert.equal(s.verifications.count(), 15);
  });

  it('a check that fails with an error gives its place back without counting as a failure', async () => {
    // A server of its own, so no earlier failure from this address counts against the small allowance below.
    const own = await createTestServer();
    try {
      const email = 'abandoned@example.com';
      await own.seedCustomer({ email });
      await own.keyway.settings.set('webapi/throttle/address_max_failures', '3');
      // The error comes after both places are taken (on PostgreSQL the lookup is part of the same statement).
      const original = own.keyway.hasher.verify;
      own.keyway.hasher.verify = async () => {
        throw new Error('hasher hiccup');
      };
      for (let i = 0; i < 8; i++) assert.equal((await login(own, CUSTOMER_URL, email, CUSTOMER.password)).status, 500);
      own.keyway.hasher.verify = original;
      assert.equal(
        (await login(own, CUSTOMER_URL, email, CUSTOMER.password)).status,
        200,
        'eight errors neither locked the account, filled its places, nor used up the address allowance',
      );
    } finally {
      await own.close();
    }
  });

  it('unknown usernames cost a password check too, and are throttled the same way', async () => {
    s.verifications.reset();
    const unknown = await login(s, CUSTOMER_URL, 'nobody@example.com', 'whatever');
    assert.equal(unknown.status, 401);
    assert.equal(s.verifications.count(), 1, 'the dummy hash was checked');
    for (let i = 0; i < 6; i++) await login(s, CUSTOMER_URL, 'nobody@example.com', 'whatever');
    s.verifications.reset();
    await login(s, CUSTOMER_URL, 'nobody@example.com', 'whatever');
    assert.equal(s.verifications.count(), 0, 'locked like a real account');
  });

  it('a known and an unknown user get the same answer', async () => {
    const email = 'same@example.com';
    await s.seedCustomer({ email });
    const known = await login(s, CUSTOMER_URL, email, 'wrong');
    const unknown = await login(s, CUSTOMER_URL, 'ghost@example.com', 'wrong');
    assert.equal(known.status, unknown.status);
    assert.equal(known.text, unknown.text);
  });
});
