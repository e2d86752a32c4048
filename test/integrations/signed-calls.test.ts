// backends: sqlite, postgres
// REST calls signed with OAuth 1.0a through the real routes: one test per row of reference §7.1, in Magento's
// order, with Magento's exact REST bodies; then what is signed and what is not, replays, the timestamp window,
// revoked, reauthorized and inactive integrations, anonymous routes, and the per-address limit.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IntegrationStatus } from '../../src/integrations/integration.ts';
import { notAuthorized } from '../helpers/magento-bodies.ts';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';
import {
  ORIGIN,
  type Credentials,
  activateManually,
  createIntegration,
  reauthorize,
  send,
  signed,
  startExchange,
  tokenFrom,
} from './harness.ts';
import { type SignedRequestOptions, newNonce, signRequest, withParam } from './signing.ts';

let server: TestServer;
let customerId: number;
let creds: Credentials;
let consumerId: number;
let customerUrl: string;

before(async () => {
  server = await createTestServer();
  customerId = await server.seedCustomer();
  customerUrl = `${ORIGIN}/rest/V1/customers/${customerId}`;
  const integration = await createIntegration(server);
  consumerId = integration.consumerId;
  creds = await activateManually(server, integration);
});
after(async () => {
  await server?.close();
});

const call = (overrides: Partial<SignedRequestOptions> = {}) =>
  signRequest({ url: customerUrl, ...creds, clockMs: server.clock.now(), ...overrides });

async function refused(request: ReturnType<typeof signRequest>, status: number, body: unknown): Promise<void> {
  const result = await send(server, request);
  assert.equal(result.status, status, result.text);
  assert.deepEqual(result.json, body);
}

describe('a signed call (§7.1)', () => {
  it('a correct call reads the customer as the Active integration', async () => {
    const result = await send(server, call());
    assert.equal(result.status, 200, result.text);
    assert.equal((result.json as { email: string }).email, CUSTOMER.email);
  });

  it('#1 an oauth_version other than 1.0 is a 400', async () => {
    await refused(withParam(call(), 'oauth_version', '2.0'), 400, {
      message: 'The "%1" Oauth version isn\'t supported.',
      parameters: ['2.0'],
    });
  });

  it('#2 each of the six parameters is required; two missing are an aggregate', async () => {
    await refused(withParam(call(), 'oauth_token', undefined), 400, {
      message: '"%fieldName" is required. Enter and try again.',
      parameters: { fieldName: 'oauth_token' },
    });
    await refused(withParam(withParam(call(), 'oauth_token', undefined), 'oauth_nonce', undefined), 400, {
      message: 'One or more input exceptions have occurred.',
      errors: [
        { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'oauth_nonce' } },
        { message: '"%fieldName" is required. Enter and try again.', parameters: { fieldName: 'oauth_token' } },
      ],
    });
  });

  it('#3 an access token of the wrong length is a 400 (RestTest::testAccessApiInvalidAccessToken)', async () => {
    await refused(call({ token: { key: 'invalid', secret: creds.token.secret } }), 400, {
      message: 'The token length is invalid. Check the length and try again.',
    });
  });

  it('#4 HMAC-SHA1 while oauth/signature/allow_sha1 is 0 is a 400; while 1 it is accepted', async () => {
    assert.equal((await send(server, call({ sha: 'HMAC-SHA1' }))).status, 200);
    await server.keyway.settings.set('oauth/signature/allow_sha1', '0');
    try {
      await refused(call({ sha: 'HMAC-SHA1' }), 400, {
        message: 'Signature method %1 is not supported',
        parameters: ['HMAC-SHA1'],
      });
    } finally {
      await server.keyway.settings.set('oauth/signature/allow_sha1', '1');
    }
  });

  it('#5 a consumer key of the wrong length, or unknown, is a 401', async () => {
    await refused(call({ consumer: { ...creds.consumer, key: 'short' } }), 401, {
      message: 'Consumer key is not the correct length',
    });
    await refused(call({ consumer: { ...creds.consumer, key: 'k'.repeat(32) } }), 401, {
      message: 'A consumer having the specified key does not exist',
    });
  });

  it('#6 a timestamp 601 s ahead or 601 s behind is a 401 with the nonce message', async () => {
    const now = Math.floor(server.clock.now() / 1000);
    for (const timestamp of [now + 601, now - 601]) {
      await refused(call({ timestamp }), 401, { message: 'An error occurred validating the nonce' });
    }
    assert.equal((await send(server, call({ timestamp: now + 600 }))).status, 200);
  });

  it('#7 a nonce used before by this consumer is a 401 naming it', async () => {
    const nonce = newNonce();
    assert.equal((await send(server, call({ nonce }))).status, 200);
    await refused(call({ nonce }), 401, {
      message: 'The nonce is already being used by the consumer with ID %1',
      parameters: [String(consumerId)],
    });
  });

  it('#8 an unknown access token is a 401', async () => {
    await refused(call({ token: { key: 'u'.repeat(32), secret: 's' } }), 401, {
      message: 'Specified token does not exist',
    });
  });

  it('#9 another integration’s access token is a 401', async () => {
    const other = await activateManually(server, await createIntegration(server));
    await refused(call({ token: other.token }), 401, {
      message: 'Token is not associated with the specified consumer',
    });
  });

  it('#10 a request token (mid-handshake) is no access token: a 401', async () => {
    const integration = await createIntegration(server, { endpoint: 'http://127.0.0.1:9/unused' });
    const { consumer } = await startExchange(server, integration);
    const request = tokenFrom(await signed(server, { method: 'POST', url: `${ORIGIN}/oauth/token/request`, consumer }));
    await refused(call({ consumer, token: request }), 401, { message: 'Token is not an access token' });
  });

  it('#11 a revoked access token is a 401', async () => {
    const integration = await createIntegration(server);
    const own = await activateManually(server, integration);
    assert.equal((await send(server, call(own))).status, 200);
    await server.keyway.stores.driver.run('UPDATE oauth_token SET revoked = 1 WHERE consumer_id = ?', [
      integration.consumerId,
    ]);
    await refused(call(own), 401, { message: 'Access token has been revoked' });
  });

  it('#12 a wrong token secret is a 401 with the signature message and an OAuth challenge', async () => {
    const result = await send(server, call({ token: { ...creds.token, secret: 'w'.repeat(32) } }));
    assert.equal(result.status, 401);
    assert.deepEqual(result.json, { message: 'The signature is invalid. Verify and try again.' });
    assert.equal(result.headers['www-authenticate'], 'OAuth realm="Keyway"');
  });
});

describe('what a signature covers', () => {
  const websites = `${ORIGIN}/rest/V1/store/websites`;

  it('query parameters are signed: a changed searchCriteria value is refused', async () => {
    const url = `${ORIGIN}/rest/V1/customers/search?searchCriteria[filterGroups][0][filters][0][field]=email&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(CUSTOMER.email)}`;
    const good = await send(server, call({ url }));
    assert.equal(good.status, 200, good.text);
    assert.equal((good.json as { total_count: number }).total_count, 1);
    const tampered = call({ url });
    tampered.url = tampered.url.replace('field]=email', 'field]=firstname');
    assert.equal((await send(server, tampered)).status, 401);
  });

  it('a form body is signed; a JSON body is not', async () => {
    // Magento's REST routes take no form bodies (a 400 on Content-Type), but only after the signature holds.
    const form = call({ method: 'PUT', url: customerUrl, form: { note: 'one' } });
    const accepted = await send(server, form);
    assert.equal(accepted.status, 400, accepted.text);
    assert.notDeepEqual(accepted.json, { message: 'The signature is invalid. Verify and try again.' });
    const changed = call({ method: 'PUT', url: customerUrl, form: { note: 'one' } });
    await refused({ ...changed, body: 'note=two' }, 401, {
      message: 'The signature is invalid. Verify and try again.',
    });
    const update = call({ method: 'PUT', url: customerUrl, json: { customer: { firstname: 'Signed' } } });
    const replaced = { ...update, body: JSON.stringify({ customer: { firstname: 'Unsigned' } }) };
    const result = await send(server, replaced);
    assert.equal(result.status, 200, result.text);
    assert.equal((result.json as { firstname: string }).firstname, 'Unsigned');
  });

  it('the method and path are signed', async () => {
    const request = call({ url: websites });
    assert.equal((await send(server, { ...request, url: `${ORIGIN}/rest/V1/store/storeViews` })).status, 401);
  });

  it('under /index.php/rest/ and with a store code, the URL signed is the URL called', async () => {
    for (const path of ['/index.php/rest/V1/store/websites', '/rest/default/V1/store/websites']) {
      assert.equal((await send(server, call({ url: `${ORIGIN}${path}` }))).status, 200, path);
    }
  });
});

describe('revoked, reauthorized and inactive integrations', () => {
  it('after reauthorization the old access token is unknown and the new one works', async () => {
    const integration = await createIntegration(server);
    const first = await activateManually(server, integration);
    assert.equal((await send(server, call(first))).status, 200);
    const second = await reauthorize(server, integration);
    await refused(call(first), 401, { message: 'Specified token does not exist' });
    assert.equal((await send(server, call(second))).status, 200);
  });

  it('an inactive integration signing correctly is a guest: 401 naming the route’s resources', async () => {
    const integration = await createIntegration(server);
    const own = await activateManually(server, integration);
    await server.keyway.integrationStore.setStatus(integration.id, IntegrationStatus.INACTIVE);
    await refused(call(own), 401, notAuthorized('Magento_Customer::customer'));
  });

  it('an integration granted only some resources is refused the others', async () => {
    const integration = await createIntegration(server, { allResources: false, resources: ['Magento_Backend::store'] });
    const own = await activateManually(server, integration);
    assert.equal((await send(server, call({ ...own, url: `${ORIGIN}/rest/V1/store/websites` }))).status, 200);
    await refused(call(own), 401, notAuthorized('Magento_Customer::customer'));
  });
});

describe('anonymous routes', () => {
  it('never evaluate the OAuth header: a broken one neither fails nor counts', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/rest/V1/customers/isEmailAvailable',
      headers: { authorization: 'OAuth oauth_version="9.9", oauth_token="x"', 'content-type': 'application/json' },
      payload: { customerEmail: 'nobody@example.com' },
    });
    assert.equal(response.statusCode, 200, response.body);
    const elsewhere = await server.app.inject({
      method: 'GET',
      url: '/rest/V1/store/websites',
      headers: { authorization: 'OAuth oauth_version="9.9", oauth_token="x"' },
    });
    assert.equal(elsewhere.statusCode, 400);
  });
});

describe('the per-address limit', () => {
  let limited: TestServer;
  let own: Credentials;
  before(async () => {
    limited = await createTestServer();
    await limited.keyway.settings.set('webapi/throttle/address_max_failures', '3');
    own = await activateManually(limited, await createIntegration(limited));
  });
  after(async () => {
    await limited?.close();
  });

  it('failed signed calls and handshakes count; past the limit even a good call gets 429', async () => {
    const request = (overrides: Partial<SignedRequestOptions> = {}) =>
      signRequest({ url: `${ORIGIN}/rest/V1/store/websites`, ...own, clockMs: limited.clock.now(), ...overrides });
    assert.equal((await send(limited, request())).status, 200);
    assert.equal((await send(limited, request({ token: { ...own.token, secret: 'bad' } }))).status, 401);
    assert.equal((await send(limited, request({ consumer: { ...own.consumer, key: 'x'.repeat(32) } }))).status, 401);
    const handshake = await limited.app.inject({ method: 'POST', url: '/oauth/token/request' });
    assert.equal(handshake.statusCode, 400);
    const blocked = await send(limited, request());
    assert.equal(blocked.status, 429);
    assert.deepEqual(blocked.json, { message: 'Too Many Requests' });
    assert.ok(Number(blocked.headers['retry-after']) > 0);
    const blockedHandshake = await limited.app.inject({ method: 'POST', url: '/oauth/token/request' });
    assert.equal(blockedHandshake.statusCode, 429);
    assert.equal(blockedHandshake.body, 'oauth_problem=Too+Many+Requests');
    // Another address is not affected.
    const other = request();
    const fromElsewhere = await limited.app.inject({
      method: 'GET',
      url: '/rest/V1/store/websites',
      headers: { ...other.headers, host: 'localhost' },
      remoteAddress: '10.1.2.3',
    });
    assert.equal(fromElsewhere.statusCode, 200, fromElsewhere.body);
  });
});

describe('behind a proxy', () => {
  it('with trustProxy the signed scheme is X-Forwarded-Proto’s; without it, the connection’s', async () => {
    for (const trustProxy of [true, false]) {
      const proxied = await createTestServer({ http: { trustProxy } });
      try {
        const own = await activateManually(proxied, await createIntegration(proxied));
        const get = signRequest({
          url: 'https://shop.example.com/rest/V1/store/websites',
          ...own,
          clockMs: proxied.clock.now(),
        });
        get.headers['x-forwarded-proto'] = 'https';
        assert.equal((await send(proxied, get)).status, trustProxy ? 200 : 401, `trustProxy ${trustProxy}`);
      } finally {
        await proxied.close();
      }
    }
  });
});
