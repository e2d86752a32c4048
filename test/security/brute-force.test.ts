// backends: sqlite, postgres
// Brute force, on every backend: per account, no more password checks than the limit even under 100
// concurrent attempts; per client address, a limit on failures that answers 429 with Retry-After before any
// hash work, counted in the shared database so that several nodes add up; every refusal logged.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addressKey } from '../../src/auth/address-throttle.ts';
import { checkSetting } from '../../src/config/setting-definitions.ts';
import { TEST_BACKEND as backend } from '../helpers/databases.ts';
import { SIGN_IN_INCORRECT, phpJson } from '../helpers/magento-bodies.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';
import { runCli, tempWorkspace } from '../network/server-process.ts';

const PASSWORD = 'Right-passw0rd';
const TOO_MANY = '{"message":"Too Many Requests"}';
const SIGN_IN_INCORRECT_TEXT = phpJson(SIGN_IN_INCORRECT);
const SECOND = 1000;

async function setAddressLimit(s: TestServer, maxFailures: number, windowSeconds = 600): Promise<void> {
  await s.keyway.settings.set('webapi/throttle/address_max_failures', String(maxFailures));
  await s.keyway.settings.set('webapi/throttle/address_window', String(windowSeconds));
}

describe(`brute force on ${backend}`, () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
  });
  after(() => s.close());

  for (const kind of ['customer', 'admin'] as const) {
    it(`100 concurrent wrong ${kind} attempts verify at most max_failures_count (6) passwords`, async () => {
      const username = kind === 'customer' ? `storm-${backend}@example.com` : `storm_${backend}`;
      if (kind === 'customer') await s.seedCustomer({ email: username, password: PASSWORD });
      else await s.seedAdmin(username, 'abc12345');
      s.verifications.reset();
      // Each attempt from its own address, so that only the account limit is in play.
      const answers = await Promise.all(
        Array.from({ length: 100 }, (_, i) => s.login(kind, username, 'wrong1', `10.1.${i}.1`)),
      );
      assert.ok(answers.every((answer) => answer.status === 401 && answer.body === SIGN_IN_INCORRECT_TEXT));
      console.log(
        `brute force on ${backend}: 100 concurrent ${kind} attempts, ${s.verifications.count()} password verifications (limit 6)`,
      );
      assert.equal(s.verifications.count(), 6);
    });
  }

  it('100 concurrent attempts on 100 accounts from one address verify at most address_max_failures passwords', async () => {
    await setAddressLimit(s, 10);
    s.verifications.reset();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => s.login('customer', `spray${i}@example.com`, 'Summer2026!', '10.2.0.1')),
    );
    console.log(
      `brute force on ${backend}: 100 concurrent attempts from one address, ${s.verifications.count()} password verifications (limit 10)`,
    );
    assert.equal(s.verifications.count(), 10);
    assert.equal(answers.filter((answer) => answer.status === 401).length, 10);
    assert.equal(answers.filter((answer) => answer.status === 429).length, 90);
  });

  it("past the limit an address gets 429 with Retry-After and Magento's body, for customers and admins, with no hash work", async () => {
    await setAddressLimit(s, 5, 600);
    await s.seedCustomer({ email: `victim-${backend}@example.com`, password: PASSWORD });
    await s.seedAdmin(`victim_${backend}`, 'abc12345');
    for (let i = 0; i < 5; i++)
      assert.equal((await s.login('customer', `guess${i}@example.com`, 'x', '10.3.0.1')).status, 401);
    s.clock.advance(100 * SECOND);
    s.verifications.reset();
    for (const [kind, username, password] of [
      ['customer', `victim-${backend}@example.com`, PASSWORD],
      ['admin', `victim_${backend}`, 'abc12345'],
    ] as const) {
      const refused = await s.login(kind, username, password, '10.3.0.1');
      assert.equal(refused.status, 429);
      assert.equal(refused.body, TOO_MANY);
      assert.equal(
        refused.headers['retry-after'],
        '500',
        'seconds until the window that began with the first failure ends',
      );
      assert.equal(refused.headers['content-type'], 'application/json; charset=utf-8');
    }
    assert.equal(s.verifications.count(), 0, 'no password was checked for a throttled address');
    const entry = s.log.filter((e) => e.event === 'address_throttled').at(-1);
    assert.deepEqual(
      {
        event: entry?.event,
        ip: entry?.ip,
        userType: entry?.userType,
        username: entry?.username,
        retryAfter: entry?.retryAfter,
        level: entry?.level,
      },
      {
        event: 'address_throttled',
        ip: '10.3.0.1',
        userType: 'admin',
        username: `victim_${backend}`,
        retryAfter: 500,
        level: 'warn',
      },
    );
  });

  it('the window expires, and the address may try again', async () => {
    await setAddressLimit(s, 3, 60);
    await s.seedCustomer({ email: `patient-${backend}@example.com`, password: PASSWORD });
    for (let i = 0; i < 3; i++) await s.login('customer', 'nobody@example.com', 'x', '10.4.0.1');
    s.clock.advance(59 * SECOND);
    const late = await s.login('customer', `patient-${backend}@example.com`, PASSWORD, '10.4.0.1');
    assert.equal(late.status, 429);
    assert.equal(late.headers['retry-after'], '1');
    s.clock.advance(1 * SECOND);
    assert.equal((await s.login('customer', `patient-${backend}@example.com`, PASSWORD, '10.4.0.1')).status, 200);
    for (let i = 0; i < 3; i++)
      assert.equal((await s.login('customer', 'nobody@example.com', 'x', '10.4.0.1')).status, 401, 'a fresh window');
    assert.equal((await s.login('customer', 'nobody@example.com', 'x', '10.4.0.1')).status, 429);
  });

  it('two addresses are counted apart', async () => {
    await setAddressLimit(s, 2, 600);
    for (let i = 0; i < 2; i++) await s.login('customer', 'nobody@example.com', 'x', '10.5.0.1');
    assert.equal((await s.login('customer', 'nobody@example.com', 'x', '10.5.0.1')).status, 429);
    assert.equal(
      (await s.login('customer', 'nobody@example.com', 'x', '10.5.0.2')).status,
      401,
      'the neighbour is not throttled',
    );
  });

  it('a success does not reset the count, and successes do not count', async () => {
    await setAddressLimit(s, 5, 600);
    const email = `mixed-${backend}@example.com`;
    await s.seedCustomer({ email: email, password: PASSWORD });
    for (let i = 0; i < 20; i++) assert.equal((await s.login('customer', email, PASSWORD, '10.6.0.1')).status, 200);
    for (let i = 0; i < 4; i++) await s.login('customer', 'nobody@example.com', 'x', '10.6.0.1');
    assert.equal((await s.login('customer', email, PASSWORD, '10.6.0.1')).status, 200);
    await s.login('customer', 'nobody@example.com', 'x', '10.6.0.1');
    assert.equal(
      (await s.login('customer', email, PASSWORD, '10.6.0.1')).status,
      429,
      'five failures in the window, success or not',
    );
  });

  it('a throttled attempt does not count against the account it names', async () => {
    await setAddressLimit(s, 1, 600);
    const email = `bystander-${backend}@example.com`;
    await s.seedCustomer({ email: email, password: PASSWORD });
    await s.login('customer', 'nobody@example.com', 'x', '10.7.0.1');
    for (let i = 0; i < 10; i++) assert.equal((await s.login('customer', email, 'wrong', '10.7.0.1')).status, 429);
    assert.equal((await s.login('customer', email, PASSWORD, '10.7.0.2')).status, 200, 'the account is not locked');
  });

  it('a limit of 0 turns the address limit off', async () => {
    await setAddressLimit(s, 0, 600);
    for (let i = 0; i < 10; i++)
      assert.equal((await s.login('customer', 'nobody@example.com', 'x', `10.8.0.1`)).status, 401);
  });

  it('an IPv6 client is counted by its /64, and an IPv4-mapped address as IPv4', async () => {
    await setAddressLimit(s, 2, 600);
    await s.login('customer', 'nobody@example.com', 'x', '2001:db8:1:2::1');
    await s.login('customer', 'nobody@example.com', 'x', '2001:db8:1:2:ffff::9');
    assert.equal((await s.login('customer', 'nobody@example.com', 'x', '2001:db8:1:2:abcd::1')).status, 429);
    assert.equal((await s.login('customer', 'nobody@example.com', 'x', '2001:db8:1:3::1')).status, 401);
    await s.login('customer', 'nobody@example.com', 'x', '10.9.0.1');
    await s.login('customer', 'nobody@example.com', 'x', '::ffff:10.9.0.1');
    assert.equal((await s.login('customer', 'nobody@example.com', 'x', '10.9.0.1')).status, 429);
  });

  it('two nodes on one database add their counts up', async () => {
    const other = await createTestServer({ shared: s.database, clock: s.clock });
    try {
      await setAddressLimit(s, 6, 600);
      await other.keyway.settings.refresh();
      const nodes = [s, other];
      s.verifications.reset();
      other.verifications.reset();
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => nodes[i % 2]!.login('customer', `n${i}@example.com`, 'x', '10.10.0.1')),
      );
      assert.equal(answers.filter((answer) => answer.status === 401).length, 6);
      assert.equal(s.verifications.count() + other.verifications.count(), 6);
    } finally {
      await other.close();
    }
  });

  it('every failure, lockout and throttled request is logged, never with the password', async () => {
    await setAddressLimit(s, 100, 600);
    const email = `logged-${backend}@example.com`;
    await s.seedCustomer({ email: email, password: PASSWORD });
    s.log.length = 0;
    for (let i = 0; i < 7; i++) await s.login('customer', email, `Secret-guess-${i}`, '10.11.0.1');
    await setAddressLimit(s, 1, 600);
    await s.login('customer', email, 'Secret-guess-throttled', '10.11.0.1');
    const events = s.log.map((entry) => entry.event);
    // The sixth failure locks the account and says so; the seventh attempt is refused as locked.
    assert.deepEqual(events, [...Array(6).fill('login_failed'), 'lockout', 'login_locked', 'address_throttled']);
    for (const entry of s.log) {
      assert.equal(entry.ip, '10.11.0.1');
      assert.equal(entry.username, email);
      assert.doesNotMatch(JSON.stringify(entry), /Secret-guess|password/i);
    }
  });
});

describe('addressKey', () => {
  it('normalises the forms one client can take', () => {
    assert.equal(addressKey('192.0.2.7'), '192.0.2.7');
    assert.equal(addressKey('::ffff:192.0.2.7'), '192.0.2.7');
    assert.equal(addressKey('2001:db8::1'), '2001:db8:0:0::/64');
    assert.equal(addressKey('2001:0DB8:0000:0000:1:2:3:4'), '2001:db8:0:0::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(addressKey('64:ff9b::192.0.2.7'), '64:ff9b:0:0::/64');
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
  });
});

describe('the address limit settings', () => {
  it('are set with keyway config:set, and refuse what is not a count', async () => {
    const workspace = tempWorkspace('keyway-throttle-');
    try {
      const set = await runCli(workspace.databaseUrl, ['config:set', 'webapi/throttle/address_max_failures', '3']);
      assert.equal(set.code, 0, set.stderr);
      const shown = await runCli(workspace.databaseUrl, ['config:show', 'webapi/throttle/address_max_failures']);
      assert.equal(shown.stdout.trim(), '3');
    } finally {
      workspace.remove();
    }
    assert.match(checkSetting('webapi/throttle/address_window', 'ten minutes') ?? '', /must be a whole number/);
    assert.equal(checkSetting('webapi/throttle/address_max_failures', '0'), undefined, '0 turns the limit off');
  });
});
