// backends: sqlite, postgres
// Tokens Magento signed are accepted with the same crypt/key, and Keyway's own JWTs read exactly as Magento's.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { FixedClock } from '../helpers/clock.ts';
import { notAuthorized } from '../helpers/magento-bodies.ts';
import { ADMIN, createTestServer, type TestServer } from '../helpers/test-app.ts';
import { decodedParts, magentoToken, paddedKey, seconds, TEST_KEY, VECTOR } from './magento-token.ts';

const ACL_ROUTE = '/rest/V1/customers/1';

describe("the reference's test vector", () => {
  let s: TestServer;
  before(async () => {
    // Half an hour into the vector's hour.
    s = await createTestServer({ clock: new FixedClock((VECTOR.iat + 1800) * 1000) });
    assert.equal(await s.seedAdmin(ADMIN.username, ADMIN.password), 1, 'the vector names admin user 1');
    await s.seedCustomer();
  });
  after(() => s.close());

  it('is accepted inside its lifetime, in either format setting', async () => {
    for (const format of ['opaque', 'jwt']) {
      await s.keyway.settings.set('webapi/token/format', format);
      const response = await s.call('GET', ACL_ROUTE, { token: VECTOR.token });
      assert.equal(response.status, 200, `${format}: ${response.text}`);
    }
  });

  it('introspects as admin 1 with its own iat and exp', async () => {
    const admin = await s.adminToken();
    await s.keyway.admins.createRole('Introspectors', ['Keyway_Integration::introspect']);
    const response = await s.call('POST', '/rest/V1/integration/token/introspect', {
      token: admin,
      json: { token: VECTOR.token },
    });
    assert.deepEqual(response.json, { active: true, user_type: 'admin', user_id: 1, iat: VECTOR.iat, exp: VECTOR.exp });
  });

  it('is refused from its exp on (exp <= now), as a guest', async () => {
    s.clock.advance((VECTOR.exp - VECTOR.iat - 1800 - 1) * 1000);
    assert.equal((await s.call('GET', ACL_ROUTE, { token: VECTOR.token })).status, 200, 'one second before exp');
    s.clock.advance(1000);
    const refused = await s.call('GET', ACL_ROUTE, { token: VECTOR.token });
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.json, notAuthorized('Magento_Customer::customer'));
  });
});

describe("Keyway's own JWTs", () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
    await s.keyway.settings.set('webapi/token/format', 'jwt');
  });
  after(() => s.close());

  it("decode to exactly Magento's header and claims, in Magento's order, plus a jti", async () => {
    const now = seconds(s.clock.now());
    const customer = decodedParts(await s.customerToken());
    assert.equal(customer.header, '{"kid":"1","alg":"HS256"}');
    assert.match(customer.payload, /^\{"uid":1,"utypid":3,"iat":\d+,"exp":\d+,"jti":"[A-Za-z0-9_-]{22}"\}$/);
    const claims = JSON.parse(customer.payload) as { iat: number; exp: number };
    assert.deepEqual([claims.iat, claims.exp], [now, now + 3600]);
    const admin = decodedParts(await s.adminToken());
    assert.match(
      admin.payload,
      new RegExp(`^\\{"uid":1,"utypid":2,"iat":${now},"exp":${now + 3600},"jti":"[^"]+"\\}$`),
    );
  });

  it('are signed with the key Magento derives from the same crypt/key (str_pad both sides to 2048)', async () => {
    const token = await s.customerToken();
    const [header, payload, signature] = token.split('.');
    const expected = createHmac('sha256', paddedKey(TEST_KEY)).update(`${header}.${payload}`).digest('base64url');
    assert.equal(signature, expected);
  });

  it('follow jwt_alg and the expiration settings (<= 0 means 30 minutes), and say so in expires_in', async () => {
    await s.keyway.settings.set('webapi/jwtauth/jwt_alg', 'HS512');
    await s.keyway.settings.set('webapi/jwtauth/customer_expiration', '0');
    await s.keyway.settings.set('webapi/jwtauth/admin_expiration', '240');
    try {
      const response = await s.call('POST', '/rest/V1/integration/customer/token', {
        json: { username: 'customer@example.com', password: 'password' },
      });
      assert.equal(response.headers.expires_in, '1800');
      const token = response.json as string;
      assert.equal(decodedParts(token).header, '{"kid":"1","alg":"HS512"}');
      const claims = JSON.parse(decodedParts(token).payload) as { iat: number; exp: number };
      assert.equal(claims.exp - claims.iat, 1800);
      assert.equal((await s.call('GET', '/rest/V1/customers/me', { token })).status, 200);
      const admin = JSON.parse(decodedParts(await s.adminToken()).payload) as { iat: number; exp: number };
      assert.equal(admin.exp - admin.iat, 240 * 60);
      // A Magento HS512 token is accepted too; an HS256 one no longer is (only the configured algorithm).
      const iat = seconds(s.clock.now());
      assert.equal(
        (
          await s.call('GET', '/rest/V1/customers/me', {
            token: magentoToken({ uid: 1, utypid: 3, iat }, { alg: 'HS512' }),
          })
        ).status,
        200,
      );
      assert.equal(
        (await s.call('GET', '/rest/V1/customers/me', { token: magentoToken({ uid: 1, utypid: 3, iat }) })).status,
        401,
      );
    } finally {
      await s.keyway.settings.set('webapi/jwtauth/jwt_alg', 'HS256');
      await s.keyway.settings.set('webapi/jwtauth/customer_expiration', '60');
      await s.keyway.settings.set('webapi/jwtauth/admin_expiration', '60');
    }
  });

  it('config:set refuses the JWE algorithms with a clear error, and anything else unknown', async () => {
    await assert.rejects(s.keyway.settings.set('webapi/jwtauth/jwt_alg', 'A256GCMKW'), /JWE.*HS256, HS384 or HS512/);
    await assert.rejects(s.keyway.settings.set('webapi/jwtauth/jwt_alg', 'none'), /HS256, HS384 or HS512/);
    await assert.rejects(s.keyway.settings.set('webapi/token/format', 'jws'), /opaque or jwt/);
  });

  it('a token Magento signed for a customer works like a login: self routes, and its expiry', async () => {
    const iat = seconds(s.clock.now()) - 600;
    const token = magentoToken({ uid: 1, utypid: 3, iat });
    const me = await s.call('GET', '/rest/V1/customers/me', { token });
    assert.equal(me.status, 200);
    assert.equal((me.json as { email: string }).email, 'customer@example.com');
    // Not listed: Keyway holds no record of it.
    const sessions = await s.call('GET', '/rest/V1/integration/customer/tokens', { token });
    assert.equal(sessions.status, 200);
    assert.equal(sessions.text.includes(token), false);
    s.clock.advance(3000 * 1000);
    assert.equal((await s.call('GET', '/rest/V1/customers/me', { token })).status, 401);
  });
});
