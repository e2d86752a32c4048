// backends: sqlite, postgres
// CORS from the runtime settings (not in Magento): off by default, and then OPTIONS stays Magento's 405.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseCorsOrigins } from '../../src/http/cors.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

const SHOP = 'https://shop.example';
const OPTIONS_REFUSED = { message: 'The OPTIONS HTTP method is not supported.' };

function corsHeaders(headers: Record<string, unknown>): string[] {
  return Object.keys(headers).filter((name) => name.startsWith('access-control-'));
}

function preflight(s: TestServer, url: string, origin: string, method = 'GET') {
  return s.call('OPTIONS', url, {
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

describe('CORS', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
  });
  after(() => s.close());

  it('is off by default: a preflight gets Magento 405 and nothing is added', async () => {
    const response = await preflight(s, '/rest/V1/customers/me', SHOP);
    assert.equal(response.status, 405);
    assert.deepEqual(response.json, OPTIONS_REFUSED);
    assert.deepEqual(corsHeaders(response.headers), []);
    assert.equal(response.headers.vary, undefined);
    const get = await s.call('GET', '/rest/V1/customers/me', { headers: { origin: SHOP } });
    assert.deepEqual(corsHeaders(get.headers), []);
  });

  it('answers a preflight from an allowed origin with the methods the route table has for that URL', async () => {
    await s.keyway.settings.set('webapi/cors/allowed_origins', `https://other.example, ${SHOP}`);
    await s.keyway.settings.set('webapi/cors/max_age', '120');
    const me = await preflight(s, '/rest/default/V1/customers/me', SHOP, 'PUT');
    assert.equal(me.status, 204);
    assert.equal(me.text, '');
    assert.equal(me.headers['access-control-allow-origin'], SHOP);
    // DELETE /V1/customers/:customerId matches `me` too, as in Magento's router.
    assert.equal(me.headers['access-control-allow-methods'], 'GET, PUT, DELETE');
    assert.match(String(me.headers['access-control-allow-headers']), /\bAuthorization\b/);
    assert.match(String(me.headers['access-control-allow-headers']), /\bContent-Type\b/);
    assert.equal(me.headers['access-control-max-age'], '120');
    assert.match(String(me.headers.vary), /\bOrigin\b/);

    const search = await preflight(s, '/rest/V1/customers/search', SHOP);
    assert.equal(search.status, 204);
    assert.equal(search.headers['access-control-allow-methods'], 'GET, PUT, DELETE');
    const password = await preflight(s, '/rest/V1/customers/me/password', SHOP, 'PUT');
    assert.equal(password.headers['access-control-allow-methods'], 'PUT');
    const token = await preflight(s, '/index.php/rest/all/V1/integration/customer/token', SHOP, 'POST');
    assert.equal(token.headers['access-control-allow-methods'], 'POST');
    const schema = await preflight(s, '/rest/default/schema', SHOP);
    assert.equal(schema.headers['access-control-allow-methods'], 'GET');
  });

  it('compares origins without regard to case and answers with the origin as sent', async () => {
    await s.keyway.settings.set('webapi/cors/allowed_origins', 'HTTPS://Shop.Example');
    const response = await preflight(s, '/rest/V1/customers/me', SHOP);
    assert.equal(response.status, 204);
    assert.equal(response.headers['access-control-allow-origin'], SHOP);
  });

  it('marks actual requests from an allowed origin, whatever their status', async () => {
    await s.keyway.settings.set('webapi/cors/allowed_origins', SHOP);
    const token = await s.customerToken();
    const me = await s.call('GET', '/rest/V1/customers/me', { token, headers: { origin: SHOP } });
    assert.equal(me.status, 200);
    assert.equal(me.headers['access-control-allow-origin'], SHOP);
    assert.match(String(me.headers.vary), /\bOrigin\b/);
    assert.match(String(me.headers['access-control-expose-headers']), /X-Request-Id/);
    const refused = await s.call('GET', '/rest/V1/customers/me', { headers: { origin: SHOP } });
    assert.equal(refused.status, 401);
    assert.equal(refused.headers['access-control-allow-origin'], SHOP);
  });

  it('gives an origin that is not allowed no CORS headers, and its preflight the 405', async () => {
    await s.keyway.settings.set('webapi/cors/allowed_origins', SHOP);
    const response = await preflight(s, '/rest/V1/customers/me', 'https://evil.example');
    assert.equal(response.status, 405);
    assert.deepEqual(response.json, OPTIONS_REFUSED);
    assert.deepEqual(corsHeaders(response.headers), []);
    const get = await s.call('GET', '/rest/V1/customers/me', { headers: { origin: 'https://evil.example' } });
    assert.deepEqual(corsHeaders(get.headers), []);
    // Caches must still keep one copy per origin, or an allowed origin could be served this answer.
    assert.match(String(get.headers.vary), /\bOrigin\b/);
  });

  it('answers a preflight on a URL no route has with the 405, and OPTIONS without a preflight too', async () => {
    await s.keyway.settings.set('webapi/cors/allowed_origins', SHOP);
    const unknown = await preflight(s, '/rest/V1/nothing/here', SHOP);
    assert.equal(unknown.status, 405);
    const plain = await s.call('OPTIONS', '/rest/V1/customers/me', { headers: { origin: SHOP } });
    assert.equal(plain.status, 405);
    assert.deepEqual(plain.json, OPTIONS_REFUSED);
  });

  it('allows every origin with *', async () => {
    await s.keyway.settings.set('webapi/cors/allowed_origins', '*');
    const response = await preflight(s, '/rest/V1/customers/me', 'http://localhost:3000');
    assert.equal(response.status, 204);
    assert.equal(response.headers['access-control-allow-origin'], 'http://localhost:3000');
  });

  it('turns off again when the setting is emptied', async () => {
    await s.keyway.settings.set('webapi/cors/allowed_origins', '');
    assert.equal((await preflight(s, '/rest/V1/customers/me', SHOP)).status, 405);
  });

  it('validates the settings with config:set rules', async () => {
    for (const bad of [
      'shop.example',
      'https://shop.example/',
      'https://shop.example/path',
      'ftp://shop.example',
      'https://a.example,,',
    ]) {
      await assert.rejects(
        s.keyway.settings.set('webapi/cors/allowed_origins', bad),
        /webapi\/cors\/allowed_origins must be/,
        bad,
      );
    }
    await s.keyway.settings.set('webapi/cors/allowed_origins', 'http://localhost:3000,https://[::1]:8443, *');
    await assert.rejects(s.keyway.settings.set('webapi/cors/max_age', '-1'), /webapi\/cors\/max_age must be/);
    assert.deepEqual(parseCorsOrigins(' https://A.example ,*'), { any: true, origins: new Set(['https://a.example']) });
    await s.keyway.settings.set('webapi/cors/allowed_origins', '');
  });
});
