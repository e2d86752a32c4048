// Signatures made by the client libraries people use against Magento verify in Keyway: oauth-1.0a 2.2.6
// directly, and magento-api-rest 2.0.4 through a stand-in HTTP adapter that captures what it would send.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { type RequestParts, verifySignature } from '../../src/oauth/index.ts';
import { parsed } from './assertions.ts';
import { CONSUMER_KEY, CONSUMER_SECRET, TOKEN, TOKEN_SECRET } from './fake-ports.ts';
import { signWithLibrary } from './sign-helper.ts';

const verifies = (
  parts: RequestParts,
  method: 'HMAC-SHA1' | 'HMAC-SHA256' = 'HMAC-SHA256',
  tokenSecret = TOKEN_SECRET,
) => verifySignature(parsed(parts), method, CONSUMER_SECRET, tokenSecret);

for (const sha of ['HMAC-SHA1', 'HMAC-SHA256'] as const) {
  test(`oauth-1.0a ${sha}: a GET with search criteria in the query`, () => {
    const parts = signWithLibrary({
      sha,
      url: 'https://shop.example.com/rest/default/V1/products?searchCriteria[filterGroups][0][filters][0][field]=sku&searchCriteria[filterGroups][0][filters][0][value]=a%20b%2Fc&searchCriteria[pageSize]=10',
    });
    assert.equal(verifies(parts, sha), true);
    assert.equal(verifies({ ...parts, target: parts.target.replace('10', '11') }, sha), false);
  });

  test(`oauth-1.0a ${sha}: a form body is signed and verifies`, () => {
    const parts = signWithLibrary({
      sha,
      method: 'POST',
      url: 'https://shop.example.com/index.php/rest/V1/x?a=1',
      form: { name: 'Jürgen Smith', note: 'a+b&c=d' },
    });
    assert.equal(verifies(parts, sha), true);
    assert.equal(verifies({ ...parts, body: 'name=Other&note=x' }, sha), false);
  });
}

test('oauth-1.0a: a realm in the header is ignored, as Magento ignores it', () => {
  const parts = signWithLibrary({ url: 'http://localhost:8080/rest/V1/store/storeViews', realm: 'Keyway' });
  assert.match(parts.authorization!, /^OAuth realm="Keyway", oauth_/);
  assert.equal(verifies(parts), true);
});

test('oauth-1.0a: a JSON body is not signed, and changing it does not change the signature', () => {
  const parts = signWithLibrary({
    method: 'PUT',
    url: 'https://shop.example.com/rest/V1/customers/me',
    json: { a: 1 },
  });
  assert.equal(verifies(parts), true);
  assert.equal(verifies({ ...parts, body: '{"a":2}' }), true);
});

test('oauth-1.0a: the access-token step, the verifier in the header signed with the rest', () => {
  const parts = signWithLibrary({
    method: 'POST',
    url: 'https://shop.example.com/oauth/token/access',
    token: { key: TOKEN, secret: 'rsec0000000000000000000000000001' },
    extra: { oauth_verifier: 'ver00000000000000000000000000001' },
  });
  const request = parsed(parts);
  assert.equal(request.values.get('oauth_verifier'), 'ver00000000000000000000000000001');
  assert.equal(verifySignature(request, 'HMAC-SHA256', CONSUMER_SECRET, 'rsec0000000000000000000000000001'), true);
});

test('oauth-1.0a: the request-token step, signed with the consumer secret and an empty token secret', () => {
  const parts = signWithLibrary({ method: 'POST', url: 'https://shop.example.com/oauth/token/request', token: null });
  assert.equal(verifySignature(parsed(parts), 'HMAC-SHA256', CONSUMER_SECRET), true);
});

// magento-api-rest is CommonJS with a Babel default export.
const require = createRequire(import.meta.url);
const MagentoRestApi = require('magento-api-rest').default;

interface Captured {
  method: string;
  url: string;
  headers: Record<string, string>;
  data?: string;
}

/** A magento-api-rest client whose HTTP adapter captures the request instead of sending it. */
function capturingClient(url: string, sha: 1 | 256) {
  const captured: Captured[] = [];
  const client = new MagentoRestApi({
    url,
    consumerKey: CONSUMER_KEY,
    consumerSecret: CONSUMER_SECRET,
    accessToken: TOKEN,
    tokenSecret: TOKEN_SECRET,
    sha,
    axiosConfig: {
      adapter: async (config: Captured) => {
        captured.push(config);
        return { data: {}, status: 200, statusText: 'OK', headers: {}, config };
      },
    },
  });
  return { client, captured };
}

function partsOf(call: Captured): RequestParts {
  const url = new URL(call.url);
  return {
    method: call.method.toUpperCase(),
    scheme: url.protocol.slice(0, -1),
    host: url.host,
    // As it reaches the server: the path and query exactly as the client wrote them.
    target: call.url.slice(call.url.indexOf('/', url.protocol.length + 2)),
    authorization: call.headers.Authorization,
    contentType: call.headers['Content-Type'],
    body: call.data,
  };
}

test('magento-api-rest over https: `?searchCriteria` without `=` is signed as `searchCriteria=` and verifies', async () => {
  const { client, captured } = capturingClient('https://shop.example.com', 256);
  await client.get('products');
  assert.match(captured[0].url, /\/rest\/V1\/products\?searchCriteria$/);
  const request = parsed(partsOf(captured[0]));
  assert.deepEqual(
    request.signed.find((param) => param.name === 'searchCriteria'),
    { name: 'searchCriteria', value: '' },
  );
  assert.equal(verifySignature(request, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), true);
});

test('magento-api-rest over http, SHA-1 by default: filters, and a JSON POST', async () => {
  const { client, captured } = capturingClient('http://localhost:8080/', 1);
  await client.get('customers/search', { email: 'a b@example.com', pageSize: 5 });
  await client.post('customers', { customer: { email: 'x@example.com' } });
  await client.get('store/storeViews');
  for (const call of captured) {
    const request = parsed(partsOf(call));
    assert.equal(request.values.get('oauth_signature_method'), 'HMAC-SHA1');
    assert.equal(verifySignature(request, 'HMAC-SHA1', CONSUMER_SECRET, TOKEN_SECRET), true, call.url);
  }
});

test('magento2-rest-client (oauth-1.0a 1.0.1, HMAC-SHA1): an /index.php/rest URL with search criteria verifies', () => {
  // The client's own signer: the copy of oauth-1.0a 1.0.1 it depends on, configured as rest_client.js does.
  const clientRequire = createRequire(require.resolve('magento2-rest-client/lib/rest_client.js'));
  const OAuthV1 = clientRequire('oauth-1.0a');
  const oauth = OAuthV1({ consumer: { public: CONSUMER_KEY, secret: CONSUMER_SECRET }, signature_method: 'HMAC-SHA1' });
  const url =
    'http://localhost:8080/index.php/rest/V1/products?searchCriteria[pageSize]=20&searchCriteria[currentPage]=1';
  const header = oauth.toHeader(oauth.authorize({ url, method: 'GET' }, { public: TOKEN, secret: TOKEN_SECRET }));
  const parts: RequestParts = {
    method: 'GET',
    scheme: 'http',
    host: 'localhost:8080',
    target: url.slice('http://localhost:8080'.length),
    authorization: header.Authorization,
    contentType: undefined,
    body: undefined,
  };
  assert.equal(verifies(parts, 'HMAC-SHA1'), true);
});
