// backends: sqlite, postgres
// The OAuth handshake through the real endpoints: one test per row of reference §6.2 (/oauth/token/request)
// and §6.3 (/oauth/token/access), in Magento's order, with exact statuses and bodies.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IntegrationStatus } from '../../src/integrations/integration.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';
import { ORIGIN, createIntegration, handshake, problem, send, signed, startExchange, tokenFrom } from './harness.ts';
import { type KeyPair, newNonce, signRequest, withParam } from './signing.ts';

const REQUEST_URL = `${ORIGIN}/oauth/token/request`;
const ACCESS_URL = `${ORIGIN}/oauth/token/access`;
const HTML = 'text/html; charset=UTF-8';

let server: TestServer;
before(async () => {
  server = await createTestServer();
});
after(async () => {
  await server?.close();
});

/** A fresh integration whose exchange window has just opened: its consumer and verifier. */
async function opened(): Promise<{ consumer: KeyPair; verifier: string; id: number; consumerId: number }> {
  const integration = await createIntegration(server, { endpoint: 'http://127.0.0.1:9/unused' });
  return { ...(await startExchange(server, integration)), id: integration.id, consumerId: integration.consumerId };
}

const requestStep = (consumer: KeyPair, extra: Partial<Parameters<typeof signRequest>[0]> = {}) =>
  signRequest({ method: 'POST', url: REQUEST_URL, consumer, clockMs: server.clock.now(), ...extra });

const accessStep = (consumer: KeyPair, token: KeyPair, verifier: string, extra = {}) =>
  signRequest({
    method: 'POST',
    url: ACCESS_URL,
    consumer,
    token,
    extra: { oauth_verifier: verifier },
    clockMs: server.clock.now(),
    ...extra,
  });

async function refused(request: ReturnType<typeof signRequest>, message: string, status: number): Promise<void> {
  const result = await send(server, request);
  assert.equal(result.status, status, result.text);
  assert.equal(result.text, problem(message));
  assert.equal(result.headers['content-type'], HTML);
}

describe('/oauth/token/request (§6.2)', () => {
  it('a correct request answers a 32-character request token and secret, as text/html', async () => {
    const { consumer } = await opened();
    const result = await send(server, requestStep(consumer));
    tokenFrom(result);
    assert.equal(result.headers['content-type'], HTML);
  });

  it('#1 an oauth_version other than 1.0 is a 400', async () => {
    const { consumer } = await opened();
    await refused(
      withParam(requestStep(consumer), 'oauth_version', '2.0'),
      'The "2.0" Oauth version isn\'t supported.',
      400,
    );
  });

  it('#2 one missing parameter is named; none at all lists all five (the reference body word for word)', async () => {
    const { consumer } = await opened();
    await refused(
      withParam(requestStep(consumer), 'oauth_nonce', undefined),
      '"oauth_nonce" is required. Enter and try again.',
      400,
    );
    const bare = await server.app.inject({ method: 'POST', url: '/oauth/token/request' });
    assert.equal(bare.statusCode, 400);
    assert.equal(
      bare.body,
      'oauth_problem=%22oauth_consumer_key%22+is+required.+Enter+and+try+again%2C+%22oauth_signature%22+is+required.+Enter+and+try+again%2C+%22oauth_signature_method%22+is+required.+Enter+and+try+again%2C+%22oauth_nonce%22+is+required.+Enter+and+try+again%2C+%22oauth_timestamp%22+is+required.+Enter+and+try+again',
    );
  });

  it('#3 an oauth_token of the wrong length is a 400', async () => {
    const { consumer } = await opened();
    await refused(
      withParam(requestStep(consumer), 'oauth_token', 'short'),
      'The token length is invalid. Check the length and try again.',
      400,
    );
  });

  it('#4 HMAC-SHA1 is a 400 once oauth/signature/allow_sha1 is 0, and accepted while it is 1', async () => {
    const { consumer } = await opened();
    await server.keyway.settings.set('oauth/signature/allow_sha1', '0');
    try {
      await refused(requestStep(consumer, { sha: 'HMAC-SHA1' }), 'Signature method HMAC-SHA1 is not supported', 400);
      await refused(
        withParam(requestStep(consumer), 'oauth_signature_method', 'PLAINTEXT'),
        'Signature method PLAINTEXT is not supported',
        400,
      );
    } finally {
      await server.keyway.settings.set('oauth/signature/allow_sha1', '1');
    }
    tokenFrom(await send(server, requestStep(consumer, { sha: 'HMAC-SHA1' })));
  });

  it('#5 a consumer key of the wrong length is a 401', async () => {
    const { consumer } = await opened();
    await refused(requestStep({ ...consumer, key: 'invalid_key' }), 'Consumer key is not the correct length', 401);
  });

  it('#6 an unknown consumer key is a 401 (RestTest::testGetRequestTokenInvalidConsumerKey)', async () => {
    const { consumer } = await opened();
    await refused(
      requestStep({ ...consumer, key: 'z'.repeat(32) }),
      'A consumer having the specified key does not exist',
      401,
    );
  });

  it('#7 a timestamp 601 s ahead, 601 s behind, zero or not a number is a 401 with the nonce message', async () => {
    const { consumer } = await opened();
    const now = Math.floor(server.clock.now() / 1000);
    for (const timestamp of [now + 601, now - 601, 0]) {
      await refused(requestStep(consumer, { timestamp }), 'An error occurred validating the nonce', 401);
    }
    await refused(
      withParam(requestStep(consumer), 'oauth_timestamp', 'soon'),
      'An error occurred validating the nonce',
      401,
    );
    // 600 s either way is still inside the window.
    tokenFrom(await send(server, requestStep(consumer, { timestamp: now - 600 })));
  });

  it('#8 a nonce this consumer used already is a 401 naming the consumer id', async () => {
    const { consumer, consumerId } = await opened();
    const nonce = newNonce();
    tokenFrom(await send(server, requestStep(consumer, { nonce })));
    await refused(
      requestStep(consumer, { nonce }),
      `The nonce is already being used by the consumer with ID ${consumerId}`,
      401,
    );
  });

  it('#9 the nonce is stored before the signature is checked: a bad signature still uses it up', async () => {
    const { consumer, consumerId } = await opened();
    const nonce = newNonce();
    await refused(
      requestStep({ ...consumer, secret: 'wrong' }, { nonce }),
      'The signature is invalid. Verify and try again.',
      401,
    );
    await refused(
      requestStep(consumer, { nonce }),
      `The nonce is already being used by the consumer with ID ${consumerId}`,
      401,
    );
  });

  it('#10 300 s after Activate the consumer has expired (RestTest::testGetRequestTokenExpiredConsumer)', async () => {
    const { consumer } = await opened();
    server.clock.advance(300_000);
    await refused(requestStep(consumer), 'Consumer key has expired', 401);
  });

  it('#11 a wrong consumer secret is a 401 (RestTest::testGetRequestTokenInvalidConsumerSecret)', async () => {
    const { consumer } = await opened();
    await refused(
      requestStep({ ...consumer, secret: 'x'.repeat(32) }),
      'The signature is invalid. Verify and try again.',
      401,
    );
  });

  it('#12 a consumer whose token row is gone is a 401 naming the consumer id', async () => {
    const { consumer, consumerId } = await opened();
    await server.keyway.stores.driver.run('DELETE FROM oauth_token WHERE consumer_id = ?', [consumerId]);
    await refused(requestStep(consumer), `A token with consumer ID ${consumerId} does not exist`, 401);
  });

  it('#13 a second request token, once the row is no verifier, is a 401', async () => {
    const { consumer } = await opened();
    tokenFrom(await send(server, requestStep(consumer)));
    await refused(
      requestStep(consumer),
      'Cannot create request token because consumer token is not a verifier token',
      401,
    );
  });

  it('answers under /index.php/, with a trailing slash, and for any method Magento takes', async () => {
    for (const [method, path] of [
      ['POST', '/index.php/oauth/token/request'],
      ['GET', '/oauth/token/request/'],
      ['PUT', '/index.php/oauth/token/request/'],
    ] as const) {
      const { consumer } = await opened();
      const url = `${ORIGIN}${path}`;
      tokenFrom(await send(server, signRequest({ method, url, consumer, clockMs: server.clock.now() })));
    }
  });
});

describe('/oauth/token/access (§6.3)', () => {
  /** An integration that has its request token. */
  async function withRequestToken() {
    const exchange = await opened();
    const token = tokenFrom(await send(server, requestStep(exchange.consumer)));
    return { ...exchange, token };
  }

  it('a correct request answers the access token, and the integration is Active', async () => {
    const { consumer, token, verifier, id } = await withRequestToken();
    assert.equal((await server.keyway.integrationStore.findById(id))?.status, IntegrationStatus.INACTIVE);
    const access = tokenFrom(await send(server, accessStep(consumer, token, verifier)));
    assert.notEqual(access.key, token.key);
    assert.equal((await server.keyway.integrationStore.findById(id))?.status, IntegrationStatus.ACTIVE);
  });

  it('#1 an oauth_version other than 1.0 is a 400', async () => {
    const { consumer, token, verifier } = await withRequestToken();
    await refused(
      withParam(accessStep(consumer, token, verifier), 'oauth_version', '1.1'),
      'The "1.1" Oauth version isn\'t supported.',
      400,
    );
  });

  it('#2 the verifier and the request token are required; the verifier in a form body alone does not count', async () => {
    const { consumer, token, verifier } = await withRequestToken();
    await refused(
      withParam(accessStep(consumer, token, verifier), 'oauth_verifier', undefined),
      '"oauth_verifier" is required. Enter and try again.',
      400,
    );
    const noToken = withParam(accessStep(consumer, token, verifier), 'oauth_token', undefined);
    await refused(noToken, '"oauth_token" is required. Enter and try again.', 400);
    // The header has OAuth parameters, so a body's oauth_* fields are ignored (§6.1 step 3).
    const headerOnly = withParam(accessStep(consumer, token, verifier), 'oauth_verifier', undefined);
    const inBody = {
      ...headerOnly,
      headers: { ...headerOnly.headers, 'content-type': 'application/x-www-form-urlencoded' },
      body: `oauth_verifier=${verifier}`,
    };
    await refused(inBody, '"oauth_verifier" is required. Enter and try again.', 400);
  });

  it('#3 a request token of the wrong length is a 400', async () => {
    const { consumer, token, verifier } = await withRequestToken();
    await refused(
      accessStep(consumer, { ...token, key: 'invalid' }, verifier),
      'The token length is invalid. Check the length and try again.',
      400,
    );
  });

  it('#4 an unsupported signature method is a 400', async () => {
    const { consumer, token, verifier } = await withRequestToken();
    await refused(
      withParam(accessStep(consumer, token, verifier), 'oauth_signature_method', 'RSA-SHA1'),
      'Signature method RSA-SHA1 is not supported',
      400,
    );
  });

  it('#5–#6 a consumer key of the wrong length, or unknown, is a 401', async () => {
    const { consumer, token, verifier } = await withRequestToken();
    await refused(
      accessStep({ ...consumer, key: 'short' }, token, verifier),
      'Consumer key is not the correct length',
      401,
    );
    await refused(
      accessStep({ ...consumer, key: '0'.repeat(32) }, token, verifier),
      'A consumer having the specified key does not exist',
      401,
    );
  });

  it('#7–#9 timestamps out of the window and a reused nonce are 401s', async () => {
    const { consumer, token, verifier, consumerId } = await withRequestToken();
    const now = Math.floor(server.clock.now() / 1000);
    await refused(
      accessStep(consumer, token, verifier, { timestamp: now + 601 }),
      'An error occurred validating the nonce',
      401,
    );
    await refused(
      accessStep(consumer, token, verifier, { timestamp: now - 601 }),
      'An error occurred validating the nonce',
      401,
    );
    const nonce = newNonce();
    await refused(
      accessStep(consumer, { ...token, secret: 'bad' }, verifier, { nonce }),
      'The signature is invalid. Verify and try again.',
      401,
    );
    await refused(
      accessStep(consumer, token, verifier, { nonce }),
      `The nonce is already being used by the consumer with ID ${consumerId}`,
      401,
    );
  });

  it('#11 an unknown request token is a 401 (RestTest::testGetAccessTokenInvalidVerifier’s neighbour)', async () => {
    const { consumer, verifier } = await withRequestToken();
    await refused(
      accessStep(consumer, { key: 'q'.repeat(32), secret: 's' }, verifier),
      'Specified token does not exist',
      401,
    );
  });

  it('#12 another consumer’s request token is a 401 (RestTest::testGetAccessTokenConsumerMismatch)', async () => {
    const first = await withRequestToken();
    const second = await withRequestToken();
    await refused(
      accessStep(second.consumer, first.token, second.verifier),
      'Request token is not associated with the specified consumer',
      401,
    );
  });

  it('#13 a token that is no request token (the access token) is a 401', async () => {
    const { consumer, token, verifier } = await withRequestToken();
    const access = tokenFrom(await send(server, accessStep(consumer, token, verifier)));
    await refused(accessStep(consumer, access, verifier), 'Token is already being used', 401);
  });

  it('#15 a verifier of the wrong length is a 401 (RestTest::testGetAccessTokenInvalidVerifier)', async () => {
    const { consumer, token } = await withRequestToken();
    await refused(accessStep(consumer, token, 'invalid verifier'), 'Verifier is not the correct length', 401);
  });

  it('#16 another verifier of the right length is a 401', async () => {
    const { consumer, token } = await withRequestToken();
    await refused(accessStep(consumer, token, 'v'.repeat(32)), 'Token verifier and verifier token do not match', 401);
  });

  it('#17 a wrong request-token secret is a 401', async () => {
    const { consumer, token, verifier } = await withRequestToken();
    await refused(
      accessStep(consumer, { ...token, secret: 'y'.repeat(32) }, verifier),
      'The signature is invalid. Verify and try again.',
      401,
    );
  });

  it('#18 two exchanges at once: one access token; the other is refused, never a 500', async () => {
    const { consumer, token, verifier } = await withRequestToken();
    const results = await Promise.all([
      send(server, accessStep(consumer, token, verifier)),
      send(server, accessStep(consumer, token, verifier)),
    ]);
    const statuses = results.map((result) => result.status).sort();
    assert.deepEqual(statuses, [200, 401], results.map((result) => result.text).join(' | '));
    const loser = results.find((result) => result.status === 401)!;
    assert.ok(
      [
        problem('Cannot get access token because consumer token is not a request token'),
        problem('Token is already being used'),
        problem('Specified token does not exist'),
      ].includes(loser.text),
      loser.text,
    );
  });

  it('has no exchange-window check: the access step works long after the request token', async () => {
    const { consumer, token, verifier } = await withRequestToken();
    server.clock.advance(3_600_000);
    tokenFrom(await send(server, accessStep(consumer, token, verifier)));
  });

  it('the access token then signs an API call', async () => {
    const { consumer, verifier } = await opened();
    const access = await handshake(server, consumer, verifier);
    const result = await signed(server, { url: `${ORIGIN}/rest/V1/store/websites`, consumer, token: access });
    assert.equal(result.status, 200, result.text);
  });
});
