// Hostile OAuth input through HTTP: broken Authorization headers on a signed route and on both handshake
// endpoints, and hostile handshake bodies, all get a 4xx and never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';
import { activateManually, createIntegration, type Credentials } from './harness.ts';

const KEY = 'c'.repeat(32);
const full = (overrides: Record<string, string>) => {
  const params = {
    oauth_consumer_key: KEY,
    oauth_nonce: 'n'.repeat(32),
    oauth_signature: 'c2lnbmF0dXJl',
    oauth_signature_method: 'HMAC-SHA256',
    oauth_timestamp: '1768478400',
    oauth_token: 't'.repeat(32),
    oauth_version: '1.0',
    ...overrides,
  };
  return `OAuth ${Object.entries(params)
    .map(([name, value]) => `${name}="${value}"`)
    .join(', ')}`;
};

/** Headers a fuzzer or a broken client sends; `creds` lets some of them reach deep into the checks. */
function hostileHeaders(creds: Credentials): Record<string, string> {
  const real = { oauth_consumer_key: creds.consumer.key, oauth_token: creds.token.key };
  return {
    'unterminated quote': 'OAuth oauth_consumer_key="abc, oauth_nonce="x',
    'unterminated quote at the end': `${full(real)}, oauth_verifier="`,
    'duplicated parameter': `${full(real)}, oauth_nonce="again"`,
    'duplicated signature': `${full(real)}, oauth_signature="b3RoZXI="`,
    '10 KB header': full({ ...real, oauth_nonce: 'a'.repeat(10 * 1024) }),
    '7 KB nonce': full({ ...real, oauth_nonce: 'a'.repeat(7 * 1024) }),
    'non-ASCII (Latin-1) values': full({ ...real, oauth_nonce: 'clé-ñandú', oauth_signature: 'ß' }),
    'percent-encoded UTF-8': full({ ...real, oauth_nonce: '%E2%9C%93%F0%9F%94%91' }),
    'empty values': full({ oauth_consumer_key: '', oauth_nonce: '', oauth_signature: '', oauth_token: '' }),
    'empty everything':
      'OAuth oauth_consumer_key="", oauth_nonce="", oauth_signature="", oauth_signature_method="", oauth_timestamp="", oauth_token=""',
    'bad percent-encoding': full({ ...real, oauth_nonce: '%ZZ%', oauth_signature: '%' }),
    'truncated UTF-8 escape': full({ ...real, oauth_consumer_key: '%E0%A4%A', oauth_signature: '%C3' }),
    'encoded NUL': full({ ...real, oauth_nonce: 'a%00b', oauth_signature: '%00' }),
    'huge timestamp': full({ ...real, oauth_timestamp: '9'.repeat(400) }),
    'negative timestamp': full({ ...real, oauth_timestamp: '-5' }),
    'float timestamp': full({ ...real, oauth_timestamp: '1e9' }),
    'nothing after the scheme': 'OAuth ',
    'only commas': 'OAuth ,,,,,,',
    'only equals signs': 'OAuth =,==,"="',
    'names without values': 'OAuth oauth_consumer_key, oauth_nonce, oauth_token',
    'mixed-case scheme, no spaces': `oAuTh ${full(real).slice(6).replace(/, /g, ',')}`,
    'Bearer and OAuth together': `Bearer ${'b'.repeat(32)} ${full(real)}`,
    'scheme in the middle': `Digest x="y", ${full(real)}`,
    'a thousand parameters': `OAuth ${Array.from({ length: 1000 }, (_, i) => `oauth_x${i}="v"`).join(', ')}`,
    'unknown version': full({ ...real, oauth_version: '1.0a' }),
    'unknown method': full({ ...real, oauth_signature_method: 'RSA-SHA512' }),
    'tab separated': full(real).replace(/, /g, ',\t'),
  };
}

const BODIES: Record<string, string | Buffer> = {
  'bad percent-encoding': 'a=%&b=%ZZ&c=%E0%A4%A',
  'a bare key and stray equals': 'x&=&==&&a==b',
  'oauth_ fields in the body only': 'oauth_consumer_key=short&oauth_nonce=&oauth_signature=%',
  'nested brackets': `${'a'.repeat(2)}${'[b]'.repeat(500)}=1`,
  '40 KB form': `f=${'x'.repeat(40 * 1024)}`,
  '3000 fields': Array.from({ length: 3000 }, (_, i) => `f${i}=${i}`).join('&'),
  'invalid UTF-8 bytes': Buffer.from([0x61, 0x3d, 0xff, 0xfe, 0xc3, 0x28, 0x26, 0x62, 0x3d, 0x80]),
  'NUL bytes': 'a=\u0000&\u0000=b',
  '100 KB body (over the handshake bound)': `g=${'y'.repeat(100 * 1024)}`,
};

describe('hostile OAuth input gets a 4xx, never a 500', () => {
  let server: TestServer;
  let creds: Credentials;
  const seen = new Map<number, number>();
  before(async () => {
    server = await createTestServer();
    // Every request here fails on purpose: the per-address limit would turn them all into 429s.
    await server.keyway.settings.set('webapi/throttle/address_max_failures', '0');
    creds = await activateManually(server, await createIntegration(server));
  });
  after(async () => {
    await server?.close();
    console.log(`hostile OAuth statuses: ${JSON.stringify(Object.fromEntries(seen))}`);
  });

  const assertClientError = (what: string, status: number, body: string) => {
    seen.set(status, (seen.get(status) ?? 0) + 1);
    assert.ok(status >= 400 && status < 500, `${what}: ${status} ${body.slice(0, 200)}`);
    assert.doesNotMatch(body, /internal_error|Internal Error/, what);
  };

  it('hostile Authorization headers on a signed route and on both handshake steps', async () => {
    for (const [name, authorization] of Object.entries(hostileHeaders(creds))) {
      for (const [method, url] of [
        ['GET', '/rest/V1/store/websites?searchCriteria'],
        ['POST', '/oauth/token/request'],
        ['POST', '/index.php/oauth/token/access?x=%ZZ'],
      ] as const) {
        const response = await server.app.inject({ method, url, headers: { authorization } });
        assertClientError(`${name} on ${method} ${url}`, response.statusCode, response.body);
      }
    }
  });

  it('hostile handshake bodies, with and without an OAuth header', async () => {
    for (const [name, payload] of Object.entries(BODIES)) {
      for (const authorization of [undefined, full({ oauth_consumer_key: creds.consumer.key })]) {
        for (const url of ['/oauth/token/request', '/oauth/token/access']) {
          const response = await server.app.inject({
            method: 'POST',
            url,
            headers: {
              'content-type': 'application/x-www-form-urlencoded',
              ...(authorization ? { authorization } : {}),
            },
            payload,
          });
          assertClientError(`${name} on ${url}`, response.statusCode, response.body);
          assert.equal(response.headers['content-type'], 'text/html; charset=UTF-8', name);
        }
      }
    }
  });

  it('a body over the handshake bound is a 413 in the handshake’s own form', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/oauth/token/request',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `g=${'y'.repeat(100 * 1024)}`,
    });
    assert.equal(response.statusCode, 413);
    assert.equal(response.body, 'oauth_problem=The+request+body+is+larger+than+65536+bytes.');
  });
});
