// /oauth/token/access: one test per row of reference §6.3, in Magento's order, with its exact message and status.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAccessToken, problemBody } from '../../src/oauth/index.ts';
import { assertRefused, parsed } from './assertions.ts';
import { CONSUMER_KEY, fakePorts, NOW_SECONDS, TOKEN, TOKEN_SECRET, VERIFIER } from './fake-ports.ts';
import { signWithLibrary, withParam } from './sign-helper.ts';

const URL = 'https://shop.example.com/oauth/token/access';
const signed = (options: { nonce?: string; timestamp?: number; verifier?: string; tokenSecret?: string } = {}) =>
  signWithLibrary({
    method: 'POST',
    url: URL,
    token: { key: TOKEN, secret: options.tokenSecret ?? TOKEN_SECRET },
    extra: { oauth_verifier: options.verifier ?? VERIFIER },
    nonce: options.nonce,
    timestamp: options.timestamp,
  });
const check = (parts: ReturnType<typeof signed>, ports = fakePorts('request')) =>
  checkAccessToken(parsed(parts), ports);

test('a correct exchange gets the request-token row back, with no exchange-window check', async () => {
  const ports = fakePorts('request');
  ports.consumer.updatedAt = null;
  const result = await check(signed(), ports);
  assert.equal(result.ok, true);
  assert.equal(result.ok && result.token.id, 9);
});

test('#1 an oauth_version other than 1.0', async () => {
  assertRefused(
    await check(withParam(signed(), 'oauth_version', '1.1')),
    'The "1.1" Oauth version isn\'t supported.',
    400,
  );
});

test("#2 the required list includes oauth_token and oauth_verifier, in Magento's order", async () => {
  assertRefused(
    await check(withParam(signed(), 'oauth_verifier', undefined)),
    '"oauth_verifier" is required. Enter and try again.',
    400,
  );
  const result = await check({ ...signed(), authorization: 'OAuth realm="x"' });
  assert.equal(
    problemBody(result as never),
    'oauth_problem=' +
      [
        'oauth_consumer_key',
        'oauth_signature',
        'oauth_signature_method',
        'oauth_nonce',
        'oauth_timestamp',
        'oauth_token',
        'oauth_verifier',
      ]
        .map((name) => `%22${name}%22+is+required.+Enter+and+try+again`)
        .join('%2C+'),
  );
});

test('#3 a request token of the wrong length', async () => {
  assertRefused(
    await check(withParam(signed(), 'oauth_token', 'x'.repeat(33))),
    'The token length is invalid. Check the length and try again.',
    400,
  );
});

test('#4 an unsupported signature method', async () => {
  assertRefused(
    await check(withParam(signed(), 'oauth_signature_method', 'RSA-SHA1')),
    'Signature method RSA-SHA1 is not supported',
    400,
  );
});

test('#5-#9 consumer key, consumer, timestamp and nonce, as on the request-token step', async () => {
  assertRefused(
    await check(withParam(signed(), 'oauth_consumer_key', `${CONSUMER_KEY}x`)),
    'Consumer key is not the correct length',
    401,
  );
  assertRefused(
    await check(withParam(signed(), 'oauth_consumer_key', CONSUMER_KEY.replace('1', '2'))),
    'A consumer having the specified key does not exist',
    401,
  );
  assertRefused(await check(signed({ timestamp: NOW_SECONDS - 3600 })), 'An error occurred validating the nonce', 401);
  const ports = fakePorts('request');
  await check(withParam(signed({ nonce: 'again' }), 'oauth_signature', 'bad'), ports);
  assertRefused(
    await check(signed({ nonce: 'again' }), ports),
    'The nonce is already being used by the consumer with ID 5',
    401,
  );
});

test('#11 an unknown request token', async () => {
  const ports = fakePorts('request');
  ports.tokenValue = 'tok00000000000000000000000000002';
  assertRefused(await check(signed(), ports), 'Specified token does not exist', 401);
  assertRefused(
    await check(withParam(signed(), 'oauth_token', 'TOK00000000000000000000000000001')),
    'Specified token does not exist',
    401,
  );
});

test('#12 a request token of another consumer', async () => {
  assertRefused(
    await check(signed(), fakePorts('request', { consumerId: 6 })),
    'Request token is not associated with the specified consumer',
    401,
  );
});

test('#13 a token that is no longer a request token', async () => {
  for (const type of ['verifier', 'access'] as const) {
    assertRefused(await check(signed(), fakePorts(type)), 'Token is already being used', 401);
  }
});

test('#15 a verifier of the wrong length', async () => {
  assertRefused(await check(signed({ verifier: 'invalid verifier' })), 'Verifier is not the correct length', 401);
});

test('#16 a verifier that does not match the row', async () => {
  assertRefused(
    await check(signed({ verifier: VERIFIER.replace('1', '2') })),
    'Token verifier and verifier token do not match',
    401,
  );
  assertRefused(
    await check(signed(), fakePorts('request', { verifier: null })),
    'Token verifier and verifier token do not match',
    401,
  );
});

test('#17 a signature made with another request-token secret', async () => {
  assertRefused(await check(signed({ tokenSecret: 'other' })), 'The signature is invalid. Verify and try again.', 401);
});
