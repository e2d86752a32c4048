import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { naturalCompare } from '../../src/oauth/natural-order.ts';
import {
  computeSignature,
  parameterString,
  signatureBaseString,
  signingKey,
  verifySignature,
} from '../../src/oauth/index.ts';
import { signatureBaseUrl } from '../../src/oauth/base-url.ts';
import { formEncode, percentEncode, rawUrlDecode } from '../../src/oauth/percent-encoding.ts';
import { parsed } from './assertions.ts';
import { CONSUMER_SECRET, TOKEN_SECRET } from './fake-ports.ts';

// Reference §9.4: computed with oauth-1.0a 2.2.6 and an independent implementation of RFC 5849.
const VECTOR = {
  target: '/rest/default/V1/products?searchCriteria[pageSize]=10&fields=items[sku,name]',
  header:
    'OAuth oauth_consumer_key="ckey0000000000000000000000000001", oauth_nonce="abcdefghijklmnopqrstuvwxyzABCDEF", oauth_signature="nZXEC7F%2BvA5yxStmcF0%2BKtWMERfOW%2BHjuG3FCWmphsc%3D", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1700000000", oauth_token="tok00000000000000000000000000001", oauth_version="1.0"',
  baseString:
    'GET&https%3A%2F%2Fshop.example.com%2Frest%2Fdefault%2FV1%2Fproducts&fields%3Ditems%255Bsku%252Cname%255D%26oauth_consumer_key%3Dckey0000000000000000000000000001%26oauth_nonce%3DabcdefghijklmnopqrstuvwxyzABCDEF%26oauth_signature_method%3DHMAC-SHA256%26oauth_timestamp%3D1700000000%26oauth_token%3Dtok00000000000000000000000000001%26oauth_version%3D1.0%26searchCriteria%255BpageSize%255D%3D10',
  signature: 'nZXEC7F+vA5yxStmcF0+KtWMERfOW+HjuG3FCWmphsc=',
};

const request = (target: string, header: string, method = 'GET') =>
  parsed({
    method,
    scheme: 'https',
    host: 'shop.example.com',
    target,
    authorization: header,
    contentType: undefined,
    body: undefined,
  });

test('the verified vector of reference §9.4: base string, signature and verification', () => {
  const parsedVector = request(VECTOR.target, VECTOR.header);
  const base = signatureBaseString(parsedVector.method, parsedVector.baseUrl, parsedVector.signed);
  assert.equal(base, VECTOR.baseString);
  assert.equal(computeSignature('HMAC-SHA256', base, signingKey(CONSUMER_SECRET, TOKEN_SECRET)), VECTOR.signature);
  assert.equal(verifySignature(parsedVector, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), true);
  assert.equal(verifySignature(parsedVector, 'HMAC-SHA256', CONSUMER_SECRET, 'other-secret'), false);
  assert.equal(verifySignature(parsedVector, 'HMAC-SHA1', CONSUMER_SECRET, TOKEN_SECRET), false);
});

test('the base URL: lower-case scheme and host, no default port, path as received', () => {
  assert.equal(
    signatureBaseUrl('HTTPS', 'Shop.Example.COM:443', '/Rest/V1/a%2Fb'),
    'https://shop.example.com/Rest/V1/a%2Fb',
  );
  assert.equal(signatureBaseUrl('http', 'shop.example.com:80', '/x'), 'http://shop.example.com/x');
  assert.equal(signatureBaseUrl('http', 'shop.example.com:443', '/x'), 'http://shop.example.com:443/x');
  assert.equal(signatureBaseUrl('https', 'shop.example.com:8443', '/x'), 'https://shop.example.com:8443/x');
  assert.equal(signatureBaseUrl('http', '[::1]:80', '/x'), 'http://[::1]/x');
  assert.equal(signatureBaseUrl('http', '[::1]', '/x#frag'), 'http://[::1]/x');
});

test('encodings: RFC 3986 for signing, RFC 1738 for handshake bodies, PHP rawurldecode for reading', () => {
  assert.equal(percentEncode("a b+c~d*e'!()é/"), 'a%20b%2Bc~d%2Ae%27%21%28%29%C3%A9%2F');
  assert.equal(formEncode('a b+c~d*é'), 'a+b%2Bc%7Ed%2A%C3%A9');
  assert.equal(rawUrlDecode('a+b%20c%2b%zz%'), 'a+b c+%zz%');
  assert.equal(rawUrlDecode('%C3%A9'), 'é');
  assert.equal(rawUrlDecode('%FF'), '%FF', 'bytes that are not UTF-8 leave the text as it was');
  assert.equal(percentEncode('\ud800'), '%EF%BF%BD', 'a lone surrogate never throws');
});

test('parameters sort by encoded name then value; repeated names keep every value (RFC 5849)', () => {
  const params = [
    { name: 'b', value: '2' },
    { name: 'a', value: 'z' },
    { name: 'a', value: 'y' },
    { name: 'a b', value: '' },
  ];
  assert.equal(parameterString(params), 'a=y&a=z&a%20b=&b=2');
});

test('natural order is PHP strnatcmp on the cases that matter for signing', () => {
  const keys = ['f%5B10%5D', 'f%5B2%5D', 'f%5B1%5D', 'f%5B02%5D', 'g', 'f'];
  assert.deepEqual([...keys].sort(naturalCompare), ['f', 'f%5B02%5D', 'f%5B1%5D', 'f%5B2%5D', 'f%5B10%5D', 'g']);
  assert.equal(naturalCompare('a10', 'a10'), 0);
  assert.equal(naturalCompare('a2b', 'a10a'), -1);
  assert.equal(naturalCompare('x', 'x1'), -1);
});

/** A request whose header carries a signature computed by hand over `params`, with `order` and `key`. */
function handSigned(options: { target: string; order?: 'byte' | 'natural'; key: string; token?: boolean }) {
  const protocol = [
    { name: 'oauth_consumer_key', value: 'ckey0000000000000000000000000001' },
    { name: 'oauth_nonce', value: 'nonce' },
    { name: 'oauth_signature_method', value: 'HMAC-SHA256' },
    { name: 'oauth_timestamp', value: '1700000000' },
    ...(options.token ? [{ name: 'oauth_token', value: 'tok00000000000000000000000000001' }] : []),
  ];
  const unsigned = request(options.target, `OAuth ${protocol.map((p) => `${p.name}="${p.value}"`).join(', ')}`, 'POST');
  const base = signatureBaseString('POST', unsigned.baseUrl, unsigned.signed, options.order);
  const signature = createHmac('sha256', options.key).update(base).digest('base64');
  const header = [...protocol, { name: 'oauth_signature', value: signature }]
    .map((p) => `${p.name}="${percentEncode(p.value)}"`)
    .join(', ');
  return request(options.target, `OAuth ${header}`, 'POST');
}

test('quirk (a): without a token secret, the key without its trailing & is accepted too', () => {
  const rfc = handSigned({ target: '/oauth/token/request', key: `${CONSUMER_SECRET}&` });
  assert.equal(verifySignature(rfc, 'HMAC-SHA256', CONSUMER_SECRET), true);
  const older = handSigned({ target: '/oauth/token/request', key: CONSUMER_SECRET });
  assert.equal(verifySignature(older, 'HMAC-SHA256', CONSUMER_SECRET), true);
  assert.equal(verifySignature(older, 'HMAC-SHA256', 'another-secret'), false);
  // With a token secret the short key is never a candidate.
  const short = handSigned({ target: '/rest/V1/x', key: CONSUMER_SECRET, token: true });
  assert.equal(verifySignature(short, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), false);
});

test('quirk (b): parameters in PHP natural order are accepted too', () => {
  const target = '/rest/V1/products?f%5B10%5D=a&f%5B2%5D=b';
  const key = `${CONSUMER_SECRET}&${TOKEN_SECRET}`;
  const natural = handSigned({ target, order: 'natural', key, token: true });
  const byte = handSigned({ target, order: 'byte', key, token: true });
  assert.notEqual(natural.values.get('oauth_signature'), byte.values.get('oauth_signature'));
  assert.equal(verifySignature(natural, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), true);
  assert.equal(verifySignature(byte, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), true);
  assert.equal(verifySignature(natural, 'HMAC-SHA256', CONSUMER_SECRET, 'wrong'), false);
});

test('a + in the query is accepted signed as a plus (oauth-1.0a) or as a space (RFC 5849 form decoding)', () => {
  const key = `${CONSUMER_SECRET}&${TOKEN_SECRET}`;
  const asPlus = handSigned({ target: '/rest/V1/x?q=a+b', key, token: true });
  assert.equal(verifySignature(asPlus, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), true);
  const spaced = request('/rest/V1/x?q=a%20b', 'OAuth x="y"');
  const base = signatureBaseString('POST', spaced.baseUrl, [
    ...asPlus.signed.filter((p) => p.name !== 'q'),
    { name: 'q', value: 'a b' },
  ]);
  const signature = createHmac('sha256', key).update(base).digest('base64');
  const header = asPlus.signed
    .filter((p) => p.name.startsWith('oauth_'))
    .concat({ name: 'oauth_signature', value: signature })
    .map((p) => `${p.name}="${percentEncode(p.value)}"`)
    .join(', ');
  assert.equal(
    verifySignature(
      request('/rest/V1/x?q=a+b', `OAuth ${header}`, 'POST'),
      'HMAC-SHA256',
      CONSUMER_SECRET,
      TOKEN_SECRET,
    ),
    true,
  );
});

test('a repeated query name is accepted signed with every value (RFC) or with the last one (Magento)', () => {
  const key = `${CONSUMER_SECRET}&${TOKEN_SECRET}`;
  const every = handSigned({ target: '/rest/V1/x?a=1&a=2', key, token: true });
  assert.equal(verifySignature(every, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), true);
  const lastOnly = handSigned({ target: '/rest/V1/x?a=2', key, token: true });
  const replayed = request('/rest/V1/x?a=1&a=2', 'OAuth ' + headerOf(lastOnly), 'POST');
  assert.equal(verifySignature(replayed, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), true);
  const altered = request('/rest/V1/x?a=1&a=3', 'OAuth ' + headerOf(lastOnly), 'POST');
  assert.equal(verifySignature(altered, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), false);
});

test('a wrong signature is refused under every variant', () => {
  const key = `${CONSUMER_SECRET}&${TOKEN_SECRET}`;
  const good = handSigned({ target: '/rest/V1/x?f%5B10%5D=a&f%5B2%5D=b&q=a+b&a=1&a=2', key, token: true });
  const header = headerOf(good).replace(/oauth_signature="[^"]*"/, 'oauth_signature="AAAA"');
  const bad = request('/rest/V1/x?f%5B10%5D=a&f%5B2%5D=b&q=a+b&a=1&a=2', `OAuth ${header}`, 'POST');
  assert.equal(verifySignature(good, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), true);
  assert.equal(verifySignature(bad, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), false);
  const empty = request(
    '/rest/V1/x',
    `OAuth ${headerOf(good).replace(/oauth_signature="[^"]*"/, 'oauth_signature=""')}`,
  );
  assert.equal(verifySignature(empty, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), false);
  const tampered = request('/rest/V1/y?f%5B10%5D=a&f%5B2%5D=b&q=a+b&a=1&a=2', `OAuth ${headerOf(good)}`, 'POST');
  assert.equal(verifySignature(tampered, 'HMAC-SHA256', CONSUMER_SECRET, TOKEN_SECRET), false);
});

function headerOf(signed: ReturnType<typeof request>): string {
  return [...signed.values]
    .filter(([name]) => name.startsWith('oauth_'))
    .map(([name, value]) => `${name}="${percentEncode(value)}"`)
    .join(', ');
}
