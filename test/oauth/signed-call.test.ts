// A REST call signed with OAuth 1.0a: one test per row of reference §7.1, in Magento's order.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSignedCall, parseOAuthRequest, toAppError } from '../../src/oauth/index.ts';
import { assertRefused, parsed } from './assertions.ts';
import { fakePorts, NOW_SECONDS, TOKEN_SECRET } from './fake-ports.ts';
import { signWithLibrary, withParam } from './sign-helper.ts';

const URL = 'https://shop.example.com/rest/default/V1/customers/search?searchCriteria[pageSize]=10';
const signed = (options: { nonce?: string; timestamp?: number; tokenSecret?: string } = {}) =>
  signWithLibrary({
    url: URL,
    token: { secret: options.tokenSecret ?? TOKEN_SECRET, key: 'tok00000000000000000000000000001' },
    ...options,
  });
const check = (parts: ReturnType<typeof signed>, ports = fakePorts('access')) => checkSignedCall(parsed(parts), ports);

test('a correct call is accepted with its consumer and access token', async () => {
  const result = await check(signed());
  assert.equal(result?.ok, true);
  assert.equal(result?.ok && result.consumer.id, 5);
});

test('no OAuth header, or one with nothing in it, is not an OAuth call: other authentication applies', async () => {
  const parts = signed();
  assert.equal(
    await checkSignedCall(parseOAuthRequest({ ...parts, authorization: undefined }) as never, fakePorts()),
    undefined,
  );
  assert.equal(
    await checkSignedCall(parseOAuthRequest({ ...parts, authorization: 'Bearer abc' }) as never, fakePorts()),
    undefined,
  );
  const empty = { ...parts, authorization: 'OAuth realm="x"', target: '/rest/V1/customers/me' };
  assert.equal(await checkSignedCall(parsed(empty), fakePorts()), undefined);
  // As in Magento, query parameters make the set non-empty: the call is then OAuth, and incomplete.
  const withQuery = await checkSignedCall(parsed({ ...parts, authorization: 'OAuth realm="x"' }), fakePorts());
  assertRefused(withQuery, 'One or more input exceptions have occurred.', 400);
});

test('#1 an oauth_version other than 1.0', async () => {
  const result = await check(withParam(signed(), 'oauth_version', '2.0'));
  assertRefused(result, 'The "2.0" Oauth version isn\'t supported.', 400);
  // On REST the placeholder stays in the message and the value travels in `parameters`.
  assert.deepEqual(toAppError(result!).parameters, ['2.0']);
});

test('#2 oauth_token is required on a call', async () => {
  const result = await check(withParam(signed(), 'oauth_token', undefined));
  assertRefused(result, '"oauth_token" is required. Enter and try again.', 400);
  assert.deepEqual(result.parameters, { fieldName: 'oauth_token' });
  const two = await check(withParam(withParam(signed(), 'oauth_token', undefined), 'oauth_nonce', undefined));
  assertRefused(two, 'One or more input exceptions have occurred.', 400);
  assert.deepEqual(
    toAppError(two).errors.map((error) => error.parameters),
    [{ fieldName: 'oauth_nonce' }, { fieldName: 'oauth_token' }],
  );
});

test('#3 an access token of the wrong length is a 400 (RestTest::testAccessApiInvalidAccessToken)', async () => {
  assertRefused(
    await check(withParam(signed(), 'oauth_token', 'invalid')),
    'The token length is invalid. Check the length and try again.',
    400,
  );
});

test('#4 an unsupported signature method', async () => {
  const ports = fakePorts();
  ports.settings.allowSha1 = false;
  const sha1 = signWithLibrary({ url: URL, sha: 'HMAC-SHA1' });
  const result = await check(sha1, ports);
  assertRefused(result, 'Signature method HMAC-SHA1 is not supported', 400);
  assert.deepEqual(result.parameters, ['HMAC-SHA1']);
  assert.equal((await check(sha1))?.ok, true, 'HMAC-SHA1 is accepted while oauth/signature/allow_sha1 is 1');
});

test('#5 consumer key length and existence', async () => {
  assertRefused(
    await check(withParam(signed(), 'oauth_consumer_key', '')),
    'Consumer key is not the correct length',
    401,
  );
  assertRefused(
    await check(withParam(signed(), 'oauth_consumer_key', 'ckey000000000000000000000000000é')),
    'Consumer key is not the correct length',
    401,
  );
  assertRefused(
    await check(withParam(signed(), 'oauth_consumer_key', 'zkey0000000000000000000000000001')),
    'A consumer having the specified key does not exist',
    401,
  );
});

test('#6 the timestamp, future or (Keyway) past', async () => {
  assertRefused(await check(signed({ timestamp: NOW_SECONDS + 601 })), 'An error occurred validating the nonce', 401);
  assertRefused(await check(signed({ timestamp: NOW_SECONDS - 601 })), 'An error occurred validating the nonce', 401);
});

test('#7 a replayed nonce', async () => {
  const ports = fakePorts();
  const parts = signed({ nonce: 'replayed' });
  assert.equal((await check(parts, ports))?.ok, true);
  assertRefused(await check(parts, ports), 'The nonce is already being used by the consumer with ID 5', 401);
});

test('#8 an unknown access token', async () => {
  const ports = fakePorts();
  ports.tokenValue = 'tok00000000000000000000000000009';
  assertRefused(await check(signed(), ports), 'Specified token does not exist', 401);
});

test('#9 an access token of another consumer', async () => {
  assertRefused(
    await check(signed(), fakePorts('access', { consumerId: 7 })),
    'Token is not associated with the specified consumer',
    401,
  );
});

test('#10 a token that is not an access token', async () => {
  for (const type of ['verifier', 'request'] as const) {
    assertRefused(await check(signed(), fakePorts(type)), 'Token is not an access token', 401);
  }
});

test('#11 a revoked access token', async () => {
  assertRefused(await check(signed(), fakePorts('access', { revoked: true })), 'Access token has been revoked', 401);
});

test('#12 a signature made with another token secret, or over another URL', async () => {
  assertRefused(
    await check(signed({ tokenSecret: 'stolen-but-wrong' })),
    'The signature is invalid. Verify and try again.',
    401,
  );
  const moved = { ...signed(), target: '/rest/default/V1/customers/search?searchCriteria[pageSize]=1000' };
  assertRefused(await check(moved), 'The signature is invalid. Verify and try again.', 401);
  assertRefused(
    await check({ ...signed(), host: 'evil.example.com' }),
    'The signature is invalid. Verify and try again.',
    401,
  );
  assertRefused(await check({ ...signed(), method: 'DELETE' }), 'The signature is invalid. Verify and try again.', 401);
});
