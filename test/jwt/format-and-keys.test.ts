// backends: sqlite, postgres
// Switching the token format never ends a live token of either kind; a key appended signs new JWTs, and the
// older key still verifies Keyway's own recorded JWTs but no recordless one (see README, "JWT user tokens").
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { parseKeyList } from '../../src/crypto/index.ts';
import { FixedClock, MINUTE } from '../helpers/clock.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';
import { magentoToken, paddedKey, seconds, signWith, TEST_KEY } from './magento-token.ts';

describe('switching webapi/token/format back and forth', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.keyway.settings.set('oauth/access_token_lifetime/customer', '2');
  });
  after(() => s.close());
  const me = async (token: string) => (await s.call('GET', '/rest/V1/customers/me', { token })).status;
  const format = (value: string) => s.keyway.settings.set('webapi/token/format', value);

  it('keeps every token of both kinds working until its own end', async () => {
    const opaque1 = await s.customerToken();
    assert.match(opaque1, /^[0-9a-z]{32}$/, 'opaque by default');
    s.clock.advance(10 * MINUTE);
    await format('jwt');
    const jwt1 = await s.customerToken();
    assert.equal(jwt1.split('.').length, 3);
    s.clock.advance(10 * MINUTE);
    await format('opaque');
    const opaque2 = await s.customerToken();
    s.clock.advance(10 * MINUTE);
    await format('jwt');
    const jwt2 = await s.customerToken();
    const all = { opaque1, jwt1, opaque2, jwt2 };
    const alive = async () =>
      Object.fromEntries(
        await Promise.all(Object.entries(all).map(async ([name, token]) => [name, (await me(token)) === 200])),
      );
    // Minutes since opaque1: jwt1 ends at 70, jwt2 at 90 (60-minute JWTs); opaque1 at 120, opaque2 at 140 (2 h).
    assert.deepEqual(await alive(), { opaque1: true, jwt1: true, opaque2: true, jwt2: true });
    await format('opaque');
    assert.deepEqual(await alive(), { opaque1: true, jwt1: true, opaque2: true, jwt2: true }, 'back to opaque');
    s.clock.advance(40 * MINUTE - 1000);
    assert.deepEqual(await alive(), { opaque1: true, jwt1: true, opaque2: true, jwt2: true }, 'one second before 70');
    s.clock.advance(1000);
    assert.deepEqual(await alive(), { opaque1: true, jwt1: false, opaque2: true, jwt2: true }, 'at 70');
    s.clock.advance(20 * MINUTE);
    assert.deepEqual(await alive(), { opaque1: true, jwt1: false, opaque2: true, jwt2: false }, 'at 90');
    await format('jwt');
    s.clock.advance(30 * MINUTE);
    assert.deepEqual(await alive(), { opaque1: false, jwt1: false, opaque2: true, jwt2: false }, 'at 120');
    s.clock.advance(20 * MINUTE);
    assert.deepEqual(await alive(), { opaque1: false, jwt1: false, opaque2: false, jwt2: false }, 'at 140');
  });

  it('introspection reports either kind', async () => {
    await s.keyway.admins.createRole('Introspectors', ['Keyway_Integration::introspect']);
    await s.seedAdmin('gateway', 'abc12345', 'Introspectors');
    const gateway = await s.adminToken('gateway', 'abc12345');
    for (const value of ['opaque', 'jwt']) {
      await format(value);
      const token = await s.customerToken();
      const iat = seconds(s.clock.now());
      const answer = await s.call('POST', '/rest/V1/integration/token/introspect', { token: gateway, json: { token } });
      const lifetime = value === 'jwt' ? 3600 : 7200;
      assert.deepEqual(
        answer.json,
        { active: true, user_type: 'customer', user_id: 1, iat, exp: iat + lifetime },
        value,
      );
    }
  });
});

describe('key rotation', () => {
  const NEW_KEY = 'zyxwvutsrqponmlkjihgfedcba987654';
  let database: TestDatabase;
  let old: TestServer;
  let rotated: TestServer;
  const clock = new FixedClock();
  let before_: { own: string; ownRevoked: string };
  before(async () => {
    database = await createTestDatabase();
    old = await createTestServer({ shared: database, clock });
    await old.seedCustomer();
    await old.keyway.settings.set('webapi/token/format', 'jwt');
    before_ = { own: await old.customerToken(), ownRevoked: await old.customerToken() };
    await old.close();
    rotated = await createTestServer({
      shared: database,
      clock,
      keyway: { keys: parseKeyList(`${TEST_KEY}\n${NEW_KEY}`, 'the rotated keys') },
    });
  });
  after(async () => {
    await rotated?.close();
    await database?.drop();
  });
  const me = async (token: string) => (await rotated.call('GET', '/rest/V1/customers/me', { token })).status;
  const iat = () => seconds(clock.now());

  it('the appended key signs new tokens', async () => {
    const token = await rotated.customerToken();
    const [header, payload, signature] = token.split('.');
    const mac = (key: string) =>
      createHmac('sha256', paddedKey(key)).update(`${header}.${payload}`).digest('base64url');
    assert.equal(signature, mac(NEW_KEY));
    assert.notEqual(signature, mac(TEST_KEY));
    assert.equal(await me(token), 200);
  });

  it("Keyway's own JWTs signed by the older key live on, and are still revoked one by one", async () => {
    assert.equal(await me(before_.own), 200);
    const sessions = (await rotated.call('GET', '/rest/V1/integration/customer/tokens', { token: before_.own }))
      .json as {
      id: number;
    }[];
    assert.equal(sessions.length, 3);
    // Newest first: the token the previous test issued, then `ownRevoked`, then `own`.
    const target = sessions[1]!.id;
    assert.equal(
      (await rotated.call('DELETE', `/rest/V1/integration/customer/tokens/${target}`, { token: before_.own })).text,
      'true',
    );
    assert.equal(await me(before_.ownRevoked), 401);
    assert.equal(await me(before_.own), 200);
  });

  it('a recordless (Magento) JWT verifies only with the current key, as in Magento', async () => {
    assert.equal(await me(magentoToken({ uid: 1, utypid: 3, iat: iat() }, { key: NEW_KEY })), 200);
    assert.equal(await me(magentoToken({ uid: 1, utypid: 3, iat: iat() }, { key: TEST_KEY })), 401);
  });

  it('the older key cannot forge a token with a jti: without its record it proves nothing', async () => {
    const forged = signWith(
      { kid: '1', alg: 'HS256' },
      { uid: 1, utypid: 3, iat: iat(), exp: iat() + 3600, jti: 'AAAAAAAAAAAAAAAAAAAAAA' },
      paddedKey(TEST_KEY),
    );
    assert.equal(await me(forged), 401);
  });
});
