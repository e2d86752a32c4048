// /oauth/token/request: one test per row of reference §6.2, in Magento's order, with its exact message and status.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkRequestToken, problemBody } from '../../src/oauth/index.ts';
import { assertRefused, parsed } from './assertions.ts';
import { fakePorts, NOW_SECONDS } from './fake-ports.ts';
import { signWithLibrary, withParam } from './sign-helper.ts';

const URL = 'https://shop.example.com/oauth/token/request';
const signed = (options: { nonce?: string; timestamp?: number; sha?: 'HMAC-SHA1' | 'HMAC-SHA256' } = {}) =>
  signWithLibrary({ method: 'POST', url: URL, token: null, ...options });
const check = (parts: ReturnType<typeof signed>, ports = fakePorts('verifier')) =>
  checkRequestToken(parsed(parts), ports);

test('a correct request from an activated consumer gets the verifier row back', async () => {
  const ports = fakePorts('verifier');
  const result = await check(signed(), ports);
  assert.equal(result.ok, true);
  assert.equal(result.ok && result.token.type, 'verifier');
  assert.equal(ports.nonces.size, 1);
});

test('#1 an oauth_version other than 1.0', async () => {
  const result = await check(withParam(signed(), 'oauth_version', '2.0'));
  assertRefused(result, 'The "2.0" Oauth version isn\'t supported.', 400);
  assert.equal(problemBody(result), 'oauth_problem=The+%222.0%22+Oauth+version+isn%27t+supported.');
});

test('#2 a missing required parameter, alone or with others', async () => {
  assertRefused(
    await check(withParam(signed(), 'oauth_nonce', undefined)),
    '"oauth_nonce" is required. Enter and try again.',
    400,
  );
  const two = withParam(withParam(signed(), 'oauth_nonce', undefined), 'oauth_timestamp', undefined);
  const result = await check(two);
  assertRefused(result, 'One or more input exceptions have occurred.', 400);
  assert.equal(
    problemBody(result),
    'oauth_problem=%22oauth_nonce%22+is+required.+Enter+and+try+again%2C+%22oauth_timestamp%22+is+required.+Enter+and+try+again',
  );
});

test('#3 an oauth_token of the wrong length', async () => {
  assertRefused(
    await check(withParam(signed(), 'oauth_token', 'short')),
    'The token length is invalid. Check the length and try again.',
    400,
  );
});

test('#4 an unsupported signature method; HMAC-SHA1 only when allowed', async () => {
  const plaintext = withParam(signed(), 'oauth_signature_method', 'PLAINTEXT');
  assertRefused(await check(plaintext), 'Signature method PLAINTEXT is not supported', 400);
  const ports = fakePorts('verifier');
  ports.settings.allowSha1 = false;
  const result = await check(signed({ sha: 'HMAC-SHA1' }), ports);
  assertRefused(result, 'Signature method HMAC-SHA1 is not supported', 400);
  assert.equal(problemBody(result), 'oauth_problem=Signature+method+HMAC-SHA1+is+not+supported');
  assert.equal((await check(signed({ sha: 'HMAC-SHA1' }))).ok, true, 'allowed by default');
  assertRefused(
    await check(withParam(signed(), 'oauth_signature_method', 'hmac-sha256')),
    'Signature method hmac-sha256 is not supported',
    400,
  );
});

test('#5 a consumer key of the wrong length', async () => {
  assertRefused(
    await check(withParam(signed(), 'oauth_consumer_key', 'ckey')),
    'Consumer key is not the correct length',
    401,
  );
});

test('#6 an unknown consumer key', async () => {
  const unknown = withParam(signed(), 'oauth_consumer_key', 'ckey0000000000000000000000000009');
  assertRefused(await check(unknown), 'A consumer having the specified key does not exist', 401);
});

test('#7 a timestamp more than 600 s ahead, more than 600 s behind (Keyway), zero or not a number', async () => {
  for (const timestamp of [NOW_SECONDS + 601, NOW_SECONDS - 601]) {
    assertRefused(await check(signed({ timestamp })), 'An error occurred validating the nonce', 401);
  }
  for (const timestamp of ['0', '-5', '17e8', '1700000000abc', '']) {
    assertRefused(
      await check(withParam(signed(), 'oauth_timestamp', timestamp)),
      'An error occurred validating the nonce',
      401,
    );
  }
  for (const timestamp of [NOW_SECONDS + 600, NOW_SECONDS - 600]) {
    assert.equal((await check(signed({ timestamp }))).ok, true, `${timestamp - NOW_SECONDS} s is inside the window`);
  }
});

test('#7 an empty nonce (Keyway: Magento would store it)', async () => {
  assertRefused(await check(withParam(signed(), 'oauth_nonce', '')), 'An error occurred validating the nonce', 401);
});

test('#8 a nonce this consumer used already; another consumer may use it', async () => {
  const ports = fakePorts('verifier');
  const parts = signed({ nonce: 'same-nonce' });
  assert.equal((await check(parts, ports)).ok, true);
  const result = await check(parts, ports);
  assertRefused(result, 'The nonce is already being used by the consumer with ID 5', 401);
  assert.deepEqual(result.parameters, ['5']);
  ports.consumer.id = 6;
  ports.token!.consumerId = 6;
  assert.equal((await check(parts, ports)).ok, true);
});

test('#9 the nonce is stored even when a later check fails', async () => {
  const ports = fakePorts('verifier');
  const bad = withParam(signed({ nonce: 'burnt' }), 'oauth_signature', 'AAAA');
  assertRefused(await check(bad, ports), 'The signature is invalid. Verify and try again.', 401);
  assertRefused(
    await check(signed({ nonce: 'burnt' }), ports),
    'The nonce is already being used by the consumer with ID 5',
    401,
  );
});

test('#10 the token exchange window (300 s after Activate) has passed, or never opened', async () => {
  const ports = fakePorts('verifier');
  ports.consumer.updatedAt = NOW_SECONDS * 1000 - 300_000;
  assertRefused(await check(signed(), ports), 'Consumer key has expired', 401);
  ports.consumer.updatedAt = null;
  assertRefused(await check(signed(), ports), 'Consumer key has expired', 401);
  ports.consumer.updatedAt = NOW_SECONDS * 1000 - 299_000;
  assert.equal((await check(signed(), ports)).ok, true);
});

test('#11 a wrong signature', async () => {
  const wrong = signWithLibrary({
    method: 'POST',
    url: URL,
    token: null,
    consumer: { key: 'ckey0000000000000000000000000001', secret: 'not-the-secret' },
  });
  assertRefused(await check(wrong), 'The signature is invalid. Verify and try again.', 401);
});

test('#12 the consumer has no token row (not activated with an endpoint)', async () => {
  const ports = fakePorts('verifier');
  ports.token = undefined;
  const result = await check(signed(), ports);
  assertRefused(result, 'A token with consumer ID 5 does not exist', 401);
  assert.equal(problemBody(result), 'oauth_problem=A+token+with+consumer+ID+5+does+not+exist');
});

test('#13 the token row is no longer a verifier (the exchange already happened)', async () => {
  for (const type of ['request', 'access'] as const) {
    assertRefused(
      await check(signed(), fakePorts(type)),
      'Cannot create request token because consumer token is not a verifier token',
      401,
    );
  }
});
