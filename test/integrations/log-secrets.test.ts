// OAuth secrets never reach the log: at LOG_LEVEL trace, a whole handshake, signed calls that pass and fail
// (signature, nonce, revoked), hostile headers and an internal error on a handshake, and then the log is
// searched for every consumer secret, token, token secret and verifier in each encoding it travelled in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { captureLog } from '../helpers/log-capture.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';
import { ORIGIN, activateManually, createIntegration, send, signed, startExchange, tokenFrom } from './harness.ts';
import { newNonce, signRequest } from './signing.ts';

const secrets = new Set<string>();

function encodings(value: string): string[] {
  const url = encodeURIComponent(value);
  return [value, url, url.replace(/%20/g, '+'), Buffer.from(value).toString('base64')];
}

describe('OAuth secrets never reach the log', () => {
  const log = captureLog('trace');
  let server: TestServer;

  before(async () => {
    const { logger } = log;
    server = await createTestServer({ http: { logger }, keyway: { logger } });
    const integration = await createIntegration(server, { endpoint: 'http://127.0.0.1:9/unused' });
    const { consumer, verifier } = await startExchange(server, integration);
    secrets.add(consumer.secret).add(verifier);
    const request = tokenFrom(await signed(server, { method: 'POST', url: `${ORIGIN}/oauth/token/request`, consumer }));
    secrets.add(request.key).add(request.secret);
    const access = tokenFrom(
      await signed(server, {
        method: 'POST',
        url: `${ORIGIN}/oauth/token/access?trace=${request.key}`,
        consumer,
        token: request,
        extra: { oauth_verifier: verifier },
      }),
    );
    secrets.add(access.key).add(access.secret);
    const url = `${ORIGIN}/rest/V1/store/websites`;
    assert.equal((await signed(server, { url, consumer, token: access })).status, 200);
    assert.equal((await signed(server, { url, consumer, token: { ...access, secret: 'bad' } })).status, 401);
    const nonce = newNonce();
    await signed(server, { url, consumer, token: access, nonce });
    assert.equal((await signed(server, { url, consumer, token: access, nonce })).status, 401);
    // A secret in a signed query: the log keeps the path only.
    const filter = 'searchCriteria[filterGroups][0][filters][0]';
    const search = `${ORIGIN}/rest/V1/customers/search?${filter}[field]=email&${filter}[value]=${access.secret}`;
    const found = await signed(server, { url: search, consumer, token: access });
    assert.equal(found.status, 200, found.text);

    // A manual activation, its call, then the same credentials revoked.
    const manual = await createIntegration(server);
    const creds = await activateManually(server, manual);
    secrets.add(creds.consumer.secret).add(creds.token.key).add(creds.token.secret);
    assert.equal((await signed(server, { url, ...creds })).status, 200);
    await server.keyway.stores.driver.run('UPDATE oauth_token SET revoked = 1 WHERE consumer_id = ?', [
      manual.consumerId,
    ]);
    assert.equal((await signed(server, { url, ...creds })).status, 401);
    const broken = signRequest({ url, ...creds, clockMs: server.clock.now() });
    broken.headers.authorization += `, oauth_nonce="${creds.token.secret}"`;
    assert.equal((await send(server, broken)).status, 400);

    // An internal error with a secret in flight: the database gone from under a handshake.
    await server.keyway.stores.driver.close();
    const gone = await send(
      server,
      signRequest({ method: 'POST', url: `${ORIGIN}/oauth/token/request`, consumer, clockMs: server.clock.now() }),
    );
    assert.equal(gone.status, 500);
    assert.match(gone.text, /^oauth_problem=internal_error%26message%3DInternal\+Error\./);
  });
  after(async () => {
    await server.app.close();
    await server.database.drop();
  });

  it('logged the handshake, the refusals and the internal error', () => {
    const entries = log.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(entries.some((entry) => entry.event === 'oauth_refused'));
    const internal = entries.filter((entry) => entry.msg === 'internal error');
    assert.equal(internal.length, 1);
    assert.equal(typeof internal[0]!.reportId, 'string');
  });

  it('holds no consumer secret, token, token secret or verifier in any form', () => {
    const text = log.text();
    assert.ok(secrets.size >= 9);
    const found = [...secrets].flatMap((value) => encodings(value).filter((form) => text.includes(form)));
    assert.deepEqual(found, []);
  });
});
