// backends: sqlite, postgres
// Token management beyond Magento: one-device logout, session lists, admin revocation, introspection,
// RFC 6750 challenges and expires_in. Magento's own behaviour stays as it was (the core suites check that).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { noSuchEntity, notAuthorized } from '../helpers/magento-bodies.ts';
import { ADMIN, CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

describe('token management', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.seedCustomer({ email: 'other@example.com' });
    await s.seedAdmin(ADMIN.username, ADMIN.password);
    await s.keyway.admins.createRole('Support', ['Magento_Customer::invalidate_tokens']);
    await s.seedAdmin('support', 'abc12345', 'Support');
    await s.keyway.admins.createRole('Introspectors', ['Keyway_Integration::introspect']);
    await s.seedAdmin('gateway', 'abc12345', 'Introspectors');
    await s.keyway.admins.createRole('Viewers', ['Magento_Customer::customer']);
    await s.seedAdmin('viewer', 'abc12345', 'Viewers');
  });
  after(() => s.close());
  const me = async (token: string) => (await s.call('GET', '/rest/V1/customers/me', { token })).status;

  it('POST /V1/integration/token/revoke ends only the calling token, for customers and admins', async () => {
    const phone = await s.customerToken();
    const laptop = await s.customerToken();
    const response = await s.call('POST', '/rest/V1/integration/token/revoke', { token: phone });
    assert.equal(response.status, 200);
    assert.equal(response.text, 'true');
    assert.equal(await me(phone), 401);
    assert.equal(await me(laptop), 200);

    const adminOne = await s.adminToken('viewer', 'abc12345');
    const adminTwo = await s.adminToken('viewer', 'abc12345');
    assert.equal((await s.call('POST', '/rest/V1/integration/token/revoke', { token: adminOne })).text, 'true');
    assert.equal((await s.call('GET', '/rest/V1/customers/1', { token: adminOne })).status, 401);
    assert.equal((await s.call('GET', '/rest/V1/customers/1', { token: adminTwo })).status, 200);
  });

  it('POST /V1/integration/token/revoke without a valid token: 401', async () => {
    const variants: Record<string, string>[] = [{}, { authorization: `Bearer ${'0'.repeat(32)}` }];
    for (const headers of variants) {
      const response = await s.call('POST', '/rest/V1/integration/token/revoke', { headers });
      assert.equal(response.status, 401);
      assert.deepEqual(response.json, notAuthorized('authenticated'));
    }
  });

  it("GET /V1/integration/customer/tokens lists the caller's live tokens, never the tokens themselves", async () => {
    await s.seedCustomer({ email: 'lister@example.com' });
    const first = await s.customerToken('lister@example.com');
    s.clock.advance(1000);
    const second = await s.call('POST', '/rest/V1/integration/customer/token', {
      json: { username: 'lister@example.com', password: CUSTOMER.password },
      headers: { 'user-agent': 'phone-app/1.0' },
    });
    const response = await s.call('GET', '/rest/V1/integration/customer/tokens', { token: first });
    assert.equal(response.status, 200);
    const sessions = response.json as Record<string, unknown>[];
    assert.equal(sessions.length, 2);
    assert.deepEqual(Object.keys(sessions[0]!), ['id', 'created_at', 'last_used_at', 'expires_at', 'ip', 'user_agent']);
    assert.equal(sessions[0]!.user_agent, 'phone-app/1.0', 'newest first');
    assert.equal(sessions[0]!.expires_at, null, 'tokens never expire by default');
    assert.equal(sessions[0]!.last_used_at, null, 'the second token was never used');
    assert.match(String(sessions[1]!.last_used_at), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, 'the first one was, just now');
    assert.equal(sessions[1]!.ip, '127.0.0.1');
    for (const token of [first, second.json as string]) assert.equal(response.text.includes(token), false);
    const others = await s.call('GET', '/rest/V1/integration/customer/tokens', {
      token: await s.customerToken('other@example.com'),
    });
    assert.equal((others.json as unknown[]).length, 1, "only the caller's own");
  });

  it('last_used_at is written at most once a minute per token', async () => {
    await s.seedCustomer({ email: 'touch@example.com' });
    const token = await s.customerToken('touch@example.com');
    const lastUsed = async () =>
      ((await s.call('GET', '/rest/V1/integration/customer/tokens', { token })).json as { last_used_at: string }[])[0]!
        .last_used_at;
    const firstSeen = await lastUsed();
    s.clock.advance(30_000);
    assert.equal(await lastUsed(), firstSeen);
    s.clock.advance(31_000);
    assert.notEqual(await lastUsed(), firstSeen);
  });

  it('with a lifetime, expires_at is given and expires_in accompanies new tokens', async () => {
    await s.keyway.settings.set('oauth/access_token_lifetime/customer', '2');
    try {
      const response = await s.call('POST', '/rest/V1/integration/customer/token', {
        json: { username: CUSTOMER.email, password: CUSTOMER.password },
      });
      assert.equal(response.headers.expires_in, '7200');
      assert.match(response.text, /^"[0-9a-z]{32}"$/, 'the body stays the bare token string');
      const sessions = (await s.call('GET', '/rest/V1/integration/customer/tokens', { token: response.json as string }))
        .json as {
        created_at: string;
        expires_at: string;
      }[];
      const session = sessions[0]!;
      assert.equal(Date.parse(`${session.expires_at}Z`) - Date.parse(`${session.created_at}Z`), 7_200_000);
    } finally {
      await s.keyway.settings.set('oauth/access_token_lifetime/customer', '');
    }
    const never = await s.call('POST', '/rest/V1/integration/customer/token', {
      json: { username: CUSTOMER.email, password: CUSTOMER.password },
    });
    assert.equal(never.headers.expires_in, undefined, 'absent when tokens never expire');
  });

  it("DELETE /V1/integration/customer/tokens/:tokenId revokes one of the caller's own tokens only", async () => {
    await s.seedCustomer({ email: 'deleter@example.com' });
    const keep = await s.customerToken('deleter@example.com');
    const lose = await s.customerToken('deleter@example.com');
    const sessions = (await s.call('GET', '/rest/V1/integration/customer/tokens', { token: keep })).json as {
      id: number;
    }[];
    const loseId = sessions[0]!.id;
    const otherToken = await s.customerToken('other@example.com');
    const foreign = await s.call('DELETE', `/rest/V1/integration/customer/tokens/${loseId}`, { token: otherToken });
    assert.equal(foreign.status, 404, "another customer's token id is not found");
    assert.deepEqual(foreign.json, noSuchEntity('tokenId', loseId));
    assert.equal(await me(lose), 200);
    const own = await s.call('DELETE', `/rest/V1/integration/customer/tokens/${loseId}`, { token: keep });
    assert.equal(own.text, 'true');
    assert.equal(await me(lose), 401);
    assert.equal(await me(keep), 200);
  });

  it("the admin pair works for any admin role, on the admin's own tokens", async () => {
    const one = await s.adminToken('viewer', 'abc12345');
    const two = await s.adminToken('viewer', 'abc12345');
    const list = await s.call('GET', '/rest/V1/integration/admin/tokens', { token: one });
    assert.equal(list.status, 200);
    const ids = (list.json as { id: number }[]).map((session) => session.id);
    assert.ok(ids.length >= 2);
    const del = await s.call('DELETE', `/rest/V1/integration/admin/tokens/${ids[0]}`, { token: one });
    assert.equal(del.text, 'true');
    assert.equal(
      (await s.call('GET', '/rest/V1/integration/admin/tokens', { token: two })).status,
      401,
      'the newest was "two"',
    );
    const customer = await s.call('GET', '/rest/V1/integration/admin/tokens', { token: await s.customerToken() });
    assert.equal(customer.status, 401);
    assert.deepEqual(customer.json, notAuthorized('self_admin'));
  });

  it("admins with Magento_Customer::invalidate_tokens list and revoke a customer's tokens", async () => {
    await s.seedCustomer({ email: 'victim@example.com' });
    const victim = await s.customerToken('victim@example.com');
    const id = (await s.keyway.customers.findByEmail('victim@example.com'))!.entity_id;
    const support = await s.adminToken('support', 'abc12345');
    const list = await s.call('GET', `/rest/V1/customers/${id}/tokens`, { token: support });
    assert.equal(list.status, 200);
    assert.equal((list.json as unknown[]).length, 1);
    const viewer = await s.adminToken('viewer', 'abc12345');
    const refused = await s.call('POST', `/rest/V1/customers/${id}/tokens/revoke`, { token: viewer });
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.json, notAuthorized('Magento_Customer::invalidate_tokens'));
    const revoke = await s.call('POST', `/rest/V1/customers/${id}/tokens/revoke`, { token: support });
    assert.equal(revoke.text, 'true');
    assert.equal(await me(victim), 401);
    const unknown = await s.call('GET', '/rest/V1/customers/9999/tokens', { token: support });
    assert.equal(unknown.status, 404);
  });

  it("admins with Magento_User::acl_users revoke another admin's tokens", async () => {
    await s.seedAdmin('leaver', 'abc12345', 'Viewers');
    const leaver = await s.adminToken('leaver', 'abc12345');
    const userId = (await s.keyway.stores.admins.findByUsername('leaver'))!.user_id;
    const support = await s.adminToken('support', 'abc12345');
    const refused = await s.call('POST', `/rest/V1/integration/admin/users/${userId}/tokens/revoke`, {
      token: support,
    });
    assert.deepEqual(refused.json, notAuthorized('Magento_User::acl_users'));
    const root = await s.adminToken();
    const revoke = await s.call('POST', `/rest/V1/integration/admin/users/${userId}/tokens/revoke`, { token: root });
    assert.equal(revoke.text, 'true');
    assert.equal((await s.call('GET', '/rest/V1/customers/1', { token: leaver })).status, 401);
    const unknown = await s.call('POST', '/rest/V1/integration/admin/users/9999/tokens/revoke', { token: root });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, noSuchEntity('userId', 9999));
  });

  it('introspection answers RFC 7662 for other services, under Keyway_Integration::introspect', async () => {
    const gateway = await s.adminToken('gateway', 'abc12345');
    const customerToken = await s.customerToken();
    const active = await s.call('POST', '/rest/V1/integration/token/introspect', {
      token: gateway,
      json: { token: customerToken },
    });
    assert.equal(active.status, 200);
    assert.deepEqual(active.json, {
      active: true,
      user_type: 'customer',
      user_id: 1,
      iat: Math.floor(s.clock.now() / 1000),
    });
    const admin = await s.call('POST', '/rest/V1/integration/token/introspect', {
      token: gateway,
      json: { token: gateway },
    });
    assert.equal((admin.json as { user_type: string }).user_type, 'admin');
    await s.keyway.settings.set('oauth/access_token_lifetime/customer', '1');
    try {
      const withExp = await s.call('POST', '/rest/V1/integration/token/introspect', {
        token: gateway,
        json: { token: customerToken },
      });
      const body = withExp.json as { iat: number; exp: number };
      assert.equal(body.exp - body.iat, 3600);
    } finally {
      await s.keyway.settings.set('oauth/access_token_lifetime/customer', '');
    }
    await s.call('POST', '/rest/V1/integration/token/revoke', { token: customerToken });
    for (const token of [customerToken, 'garbage', '0'.repeat(32)]) {
      const inactive = await s.call('POST', '/rest/V1/integration/token/introspect', {
        token: gateway,
        json: { token },
      });
      assert.deepEqual(inactive.json, { active: false });
    }
    const refused = await s.call('POST', '/rest/V1/integration/token/introspect', {
      token: await s.adminToken('viewer', 'abc12345'),
      json: { token: gateway },
    });
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.json, notAuthorized('Keyway_Integration::introspect'));
  });
});

describe('RFC 6750 challenges', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
  });
  after(() => s.close());

  it('every 401 carries WWW-Authenticate; invalid_token only where a token was presented and refused', async () => {
    const none = await s.call('GET', '/rest/V1/customers/me');
    assert.equal(none.headers['www-authenticate'], 'Bearer realm="Keyway"');
    assert.deepEqual(none.json, notAuthorized('self'), 'the body stays as Magento writes it');
    const refused = await s.call('GET', '/rest/V1/customers/me', { token: '0'.repeat(32) });
    assert.equal(refused.headers['www-authenticate'], 'Bearer realm="Keyway", error="invalid_token"');
    const token = await s.customerToken();
    const denied = await s.call('GET', '/rest/V1/customers/1', { token });
    assert.equal(denied.status, 401);
    assert.equal(denied.headers['www-authenticate'], 'Bearer realm="Keyway"');
    const badLogin = await s.call('POST', '/rest/V1/integration/customer/token', {
      json: { username: 'x', password: 'y' },
    });
    assert.equal(badLogin.status, 401);
    assert.equal(badLogin.headers['www-authenticate'], 'Bearer realm="Keyway"');
    const ok = await s.call('GET', '/rest/V1/customers/me', { token });
    assert.equal(ok.headers['www-authenticate'], undefined);
  });

  it('a setting answers ACL denials with 403 insufficient_scope; guests still get 401', async () => {
    await s.keyway.settings.set('webapi/auth/insufficient_scope_403', '1');
    await s.keyway.settings.set('webapi/auth/realm', 'shop');
    try {
      const token = await s.customerToken();
      const denied = await s.call('GET', '/rest/V1/customers/1', { token });
      assert.equal(denied.status, 403);
      assert.equal(denied.headers['www-authenticate'], 'Bearer realm="shop", error="insufficient_scope"');
      assert.deepEqual(denied.json, notAuthorized('Magento_Customer::customer'));
      const guest = await s.call('GET', '/rest/V1/customers/1');
      assert.equal(guest.status, 401);
      assert.equal(guest.headers['www-authenticate'], 'Bearer realm="shop"');
    } finally {
      await s.keyway.settings.set('webapi/auth/insufficient_scope_403', '0');
      await s.keyway.settings.set('webapi/auth/realm', 'Keyway');
    }
  });
});
