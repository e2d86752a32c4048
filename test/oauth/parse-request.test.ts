// Request parsing as Magento's Helper/Request::prepareRequest (reference §6.1), and Keyway's bounds on it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOAuthRequest, type RequestParts } from '../../src/oauth/index.ts';
import { assertRefused, parsed } from './assertions.ts';

const base: RequestParts = {
  method: 'post',
  scheme: 'https',
  host: 'Shop.Example.com',
  target: '/oauth/token/request',
  authorization: undefined,
  contentType: undefined,
  body: undefined,
};
const withHeader = (authorization: string, extra: Partial<RequestParts> = {}) => ({ ...base, authorization, ...extra });
const values = (parts: RequestParts) => Object.fromEntries(parsed(parts).values);

test('no Authorization header, or one without `oauth `, is not an OAuth request', () => {
  assert.equal(parseOAuthRequest(base), undefined);
  assert.equal(parseOAuthRequest(withHeader('Bearer abc')), undefined);
  assert.equal(parseOAuthRequest(withHeader('OAuth')), undefined);
  assert.equal(parseOAuthRequest(withHeader('Basic b2F1dGggb2F1dGhfbm9uY2U9MQ==')), undefined);
});

test('`oauth ` is found case-insensitively, anywhere; what comes before it is dropped', () => {
  assert.deepEqual(values(withHeader('Oauth oauth_nonce="n"')), { oauth_nonce: 'n' });
  assert.deepEqual(values(withHeader('OAUTH oauth_nonce="n"')), { oauth_nonce: 'n' });
  assert.deepEqual(values(withHeader('x=1, OAuth oauth_nonce="n"')), { oauth_nonce: 'n' });
});

test('realm and names that are not oauth_[a-z_-]+ are dropped; values are unquoted and rawurldecoded', () => {
  const header = 'OAuth realm="Shop", OAUTH_NONCE="x", oauth_token=unquoted, oauth_signature="a%2Bb%3D", other="1"';
  assert.deepEqual(values(withHeader(header)), { oauth_token: 'unquoted', oauth_signature: 'a+b=' });
});

test("Adobe's PHP signer: `Oauth ` prefix, no space after commas, values not percent-encoded", () => {
  const header =
    'Oauth oauth_consumer_key="k",oauth_nonce="YWJj+/==",oauth_signature="q+/w=",oauth_signature_method="HMAC-SHA256"';
  assert.deepEqual(values(withHeader(header)), {
    oauth_consumer_key: 'k',
    oauth_nonce: 'YWJj+/==',
    oauth_signature: 'q+/w=',
    oauth_signature_method: 'HMAC-SHA256',
  });
});

test('a form body counts only for application/x-www-form-urlencoded, decoded as PHP parse_str', () => {
  const form = { contentType: 'application/x-www-form-urlencoded; charset=UTF-8', body: 'name=J%C3%BCrgen+S&empty' };
  assert.deepEqual(values(withHeader('OAuth oauth_nonce="n"', form)), {
    oauth_nonce: 'n',
    name: 'Jürgen S',
    empty: '',
  });
  const json = { contentType: 'application/json', body: '{"name":"x"}' };
  assert.deepEqual(values(withHeader('OAuth oauth_nonce="n"', json)), { oauth_nonce: 'n' });
  const upper = { contentType: 'Application/X-WWW-Form-Urlencoded', body: 'name=x' };
  assert.deepEqual(values(withHeader('OAuth oauth_nonce="n"', upper)), { oauth_nonce: 'n' });
});

test('oauth_* in the body or query count only when the header gave none', () => {
  const parts = withHeader('OAuth oauth_nonce="header"', {
    contentType: 'application/x-www-form-urlencoded',
    body: 'oauth_nonce=body&oauth_verifier=v',
    target: '/oauth/token/access?oauth_token=q',
  });
  assert.deepEqual(values(parts), { oauth_nonce: 'header' });
  const bodyOnly = { ...parts, authorization: 'OAuth realm="x"' };
  assert.deepEqual(values(bodyOnly), { oauth_nonce: 'body', oauth_verifier: 'v' });
  const queryOnly = { ...bodyOnly, body: undefined };
  assert.deepEqual(values(queryOnly), { oauth_token: 'q' });
});

test('query parameters: rawurldecoded, `key` alone kept as `key=`, empty pieces skipped', () => {
  const parts = withHeader('OAuth oauth_nonce="n"', { target: '/rest/V1/p?searchCriteria&a=x+y%20z&&b=1=2&' });
  const request = parsed(parts);
  assert.deepEqual(Object.fromEntries(request.values), { oauth_nonce: 'n', searchCriteria: '', a: 'x+y z', b: '1=2' });
  assert.deepEqual(
    request.signedPlusAsSpace?.find((param) => param.name === 'a'),
    { name: 'a', value: 'x y z' },
  );
});

test('the method is upper-cased and the base URL normalised; oauth_signature is not signed', () => {
  const request = parsed(
    withHeader('OAuth oauth_signature="s", oauth_nonce="n"', { target: '/oauth/token/request?x=1' }),
  );
  assert.equal(request.method, 'POST');
  assert.equal(request.baseUrl, 'https://shop.example.com/oauth/token/request');
  assert.deepEqual(
    request.signed.map((param) => param.name),
    ['oauth_nonce', 'x'],
  );
});

test('repeated protocol parameters are refused as a 400 (Magento would keep the last)', () => {
  assertRefused(
    parseOAuthRequest(withHeader('OAuth oauth_nonce="a", oauth_nonce="b"')),
    'The request is malformed.',
    400,
  );
  const body = { contentType: 'application/x-www-form-urlencoded', body: 'oauth_nonce=a&oauth_nonce=b' };
  assertRefused(parseOAuthRequest(withHeader('OAuth ', body)), 'The request is malformed.', 400);
});

test('bounds: header size, parameter count, value and nonce lengths are 400s', () => {
  const refused = (parts: RequestParts) => assertRefused(parseOAuthRequest(parts), 'The request is malformed.', 400);
  refused(withHeader(`OAuth oauth_nonce="${'n'.repeat(8200)}"`));
  refused(withHeader(`OAuth oauth_nonce="${'n'.repeat(256)}"`));
  assert.equal(values(withHeader(`OAuth oauth_nonce="${'n'.repeat(255)}"`)).oauth_nonce.length, 255);
  refused(withHeader(`OAuth oauth_callback="${'c'.repeat(1025)}"`));
  const many = Array.from({ length: 300 }, (_, i) => `p${i}=1`).join('&');
  refused(withHeader('OAuth oauth_nonce="n"', { target: `/rest/V1/x?${many}` }));
  refused(withHeader('OAuth oauth_nonce="n"', { contentType: 'application/x-www-form-urlencoded', body: many }));
  refused(withHeader('OAuth oauth_nonce="n"', { target: `/rest/V1/x?q=${'a'.repeat(33 * 1024)}` }));
  refused(withHeader('OAuth oauth_nonce="n"', { host: 'h'.repeat(256) }));
});
