// backends: sqlite, postgres
// The provider-management and tfat routes with their answers, then hostile input on every new route: wrong
// types, huge strings, forged, expired and misdirected configuration tokens. Each gets a 4xx with Magento's body,
// never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SIGN_IN_INCORRECT, fieldRequired, notAuthorized } from '../helpers/magento-bodies.ts';
import { ADMIN } from '../helpers/test-app.ts';
import { INVALID_TFAT, URLS, createTfaServer, type TfaServer } from './tfa-helpers.ts';

const GOOGLE = {
  code: 'google',
  name: 'Google Authenticator',
  icon: 'Magento_TwoFactorAuth::images/providers/google.png',
  enabled: true,
  reset_allowed: true,
  configure_action: 'tfa/google/configure',
  auth_action: 'tfa/google/auth',
  extra_actions: { qr: 'tfa/google/qr', configurepost: 'tfa/google/configurepost', authpost: 'tfa/google/authpost' },
};
const INVALID_TOKEN = { message: 'Invalid token.' };

let s: TfaServer;
let adminToken: string;
let otherId: number;
before(async () => {
  s = await createTfaServer('');
  adminToken = await s.adminToken();
  otherId = await s.seedAdmin('other_admin', 'abc12345');
  await s.keyway.settings.set('twofactorauth/general/force_providers', 'google');
});
after(async () => {
  await s.close();
});

const get = (url: string) => s.call('GET', `/rest/V1/tfa/${url}`, { token: adminToken });

describe('provider management (Magento_TwoFactorAuth::tfa)', () => {
  it('lists installed, forced, user providers and providers to activate', async () => {
    assert.deepEqual((await get('installed-providers')).json, [GOOGLE]);
    assert.deepEqual((await get('forced-providers')).json, [GOOGLE]);
    assert.deepEqual((await get(`user-providers/${otherId}`)).json, [GOOGLE]);
    assert.deepEqual((await get(`providers-to-activate/${otherId}`)).json, [GOOGLE]);
  });

  it('reads and sets the default provider code', async () => {
    assert.equal((await get(`default-provider-code/${otherId}`)).text, '""');
    const set = await s.call('PUT', `/rest/V1/tfa/default-provider-code/${otherId}`, {
      token: adminToken,
      json: { providerCode: 'google' },
    });
    assert.equal(set.text, 'true');
    assert.equal((await get(`default-provider-code/${otherId}`)).json, 'google');
    const unknown = await s.call('PUT', `/rest/V1/tfa/default-provider-code/${otherId}`, {
      token: adminToken,
      json: { providerCode: 'duo_security' },
    });
    assert.equal(unknown.status, 404);
    assert.deepEqual(unknown.json, {
      message: 'Unknown or not enabled provider %1 for this user',
      parameters: ['duo_security'],
    });
  });

  it('sets the provider codes', async () => {
    const set = await s.call('PUT', `/rest/V1/tfa/user-providers/${otherId}`, {
      token: adminToken,
      json: { providersCodes: 'google' },
    });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.text, 'true');
  });

  it('refuses guests and roles without the resource', async () => {
    assert.deepEqual(
      (await s.call('GET', '/rest/V1/tfa/installed-providers')).json,
      notAuthorized('Magento_TwoFactorAuth::tfa'),
    );
  });

  it('answers the tfat routes for a valid token, and Invalid token. otherwise', async () => {
    const tfat = encodeURIComponent(s.tfat(otherId));
    assert.deepEqual((await s.call('GET', `/rest/V1/tfa/tfat-user-providers?tfaToken=${tfat}`)).json, [GOOGLE]);
    assert.deepEqual((await s.call('GET', `/rest/V1/tfa/tfat-providers-to-activate?tfaToken=${tfat}`)).json, [GOOGLE]);
    const bad = await s.call('GET', '/rest/V1/tfa/tfat-user-providers?tfaToken=abc');
    assert.equal(bad.status, 401);
    assert.deepEqual(bad.json, INVALID_TOKEN);
    const missing = await s.call('GET', '/rest/V1/tfa/tfat-providers-to-activate');
    assert.equal(missing.status, 400);
    assert.deepEqual(missing.json, fieldRequired('tfaToken'));
  });
});

/** A token whose claims were edited after signing: the signature no longer matches. */
function forged(token: string, edit: (claims: Record<string, unknown>) => void): string {
  const [json, signature] = Buffer.from(token, 'base64').toString('utf8').split('.') as [string, string];
  const claims = JSON.parse(json) as Record<string, unknown>;
  edit(claims);
  return Buffer.from(`${JSON.stringify(claims)}.${signature}`).toString('base64');
}

describe('hostile input', () => {
  const huge = 'A'.repeat(200_000);

  it("refuses forged, expired, foreign and malformed configuration tokens with Magento's 401", async () => {
    const own = s.tfat();
    const expiring = s.tfat();
    s.clock.advance(3_600_000);
    const tokens = [
      forged(own, (claims) => {
        claims.user_id = otherId;
      }),
      forged(own, (claims) => {
        claims.iss = Math.floor(s.clock.now() / 1000);
      }),
      Buffer.from(`${Buffer.from(own, 'base64').toString('utf8').split('.')[0]}.`).toString('base64'),
      expiring,
      s.keyway.tfa.configTokens.issueFor(99_999),
      huge,
      '',
      '....',
      Buffer.from('{"user_id":1}').toString('base64'),
      Buffer.from('not json.sig').toString('base64'),
      '%%%',
    ];
    for (const tfaToken of tokens) {
      for (const url of [URLS.configure, URLS.activate]) {
        const response = await s.call('POST', url, { json: { tfaToken, otp: '123456' } });
        assert.equal(response.status, 401, `${url} ${tfaToken.slice(0, 40)}: ${response.text}`);
        assert.deepEqual(response.json, INVALID_TFAT);
      }
      const listed = await s.call('GET', `/rest/V1/tfa/tfat-user-providers?tfaToken=${encodeURIComponent(tfaToken)}`);
      assert.equal(listed.status, 401, `${tfaToken.slice(0, 40)} ${listed.text}`);
    }
  });

  it('refuses a token for a disabled admin', async () => {
    await s.keyway.admins.setAdminActive('other_admin', false);
    const response = await s.call('POST', URLS.configure, { json: { tfaToken: s.tfat(otherId) } });
    assert.deepEqual(response.json, INVALID_TFAT);
    await s.keyway.admins.setAdminActive('other_admin', true);
  });

  it('answers wrong types, missing fields and huge strings with a 4xx on every new route', async () => {
    const tfaToken = s.tfat(otherId);
    const bodies: unknown[] = [
      {},
      {
        tfaToken: { nested: true },
        otp: ['x'],
        username: { a: 1 },
        password: [1],
        providerCode: {},
        providersCodes: [],
      },
      { tfaToken: 12345, otp: 123456, username: 1, password: 2 },
      { tfaToken: huge, otp: huge, username: huge, password: huge, providerCode: huge, providersCodes: huge },
      { tfaToken, otp: '', username: ADMIN.username, password: ADMIN.password },
      { tfaToken, otp: '12345678901234567890', username: ADMIN.username, password: ADMIN.password },
      { tfaToken, otp: null, username: null, password: null, providerCode: null },
      [1, 2, 3],
      'a string',
    ];
    const routes = s.keyway.routes.routes.filter((route) => route.url.startsWith('/V1/tfa/'));
    assert.equal(routes.length, 12);
    const statuses = new Set<number>();
    for (const route of routes) {
      for (const [index, body] of bodies.entries()) {
        const url = `/rest${route.url.replace(':userId', index % 2 === 0 ? String(otherId) : 'abc')}`;
        const response = await s.call(route.method, url, { token: adminToken, json: body });
        statuses.add(response.status);
        assert.ok(
          response.status < 500,
          `${route.method} ${url} ${JSON.stringify(body).slice(0, 80)}: ${response.text}`,
        );
        if (response.status >= 400) {
          assert.equal(typeof (response.json as { message?: unknown }).message, 'string', response.text);
        }
      }
      // Whatever came before, the account must not be locked by input errors alone.
      await s.keyway.admins.unlockAdmin(ADMIN.username);
    }
    assert.ok(![...statuses].some((status) => status >= 500), [...statuses].join(','));
  });

  it('a wrong password on authenticate is the generic 401, whatever the code', async () => {
    const response = await s.call('POST', URLS.authenticate, {
      json: { username: ADMIN.username, password: 'nope', otp: { a: 1 } },
    });
    assert.ok(response.status === 400 || response.status === 401, response.text);
    const wrong = await s.call('POST', URLS.authenticate, {
      json: { username: ADMIN.username, password: 'nope', otp: '1' },
    });
    assert.deepEqual(wrong.json, SIGN_IN_INCORRECT);
  });
});
