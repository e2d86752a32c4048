// backends: sqlite, postgres
// The whole activation with an endpoint, over real sockets: Keyway POSTs the four fields to an HTTP server the
// test runs; that consumer then asks for a request token and an access token with oauth-1.0a, as a third
// party would, and calls an API route with them. The integration is Active at the end.
import assert from 'node:assert/strict';
import { type Server, createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { IntegrationStatus } from '../../src/integrations/integration.ts';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';
import { createIntegration } from './harness.ts';
import { type KeyPair, signRequest } from './signing.ts';

/** One signed request over the network with fetch; the answer's status and text. */
async function fetchSigned(options: Parameters<typeof signRequest>[0]): Promise<{ status: number; text: string }> {
  const request = signRequest(options);
  const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
  return { status: response.status, text: await response.text() };
}

function tokenOf(answer: { status: number; text: string }): KeyPair {
  assert.equal(answer.status, 200, answer.text);
  const fields = new URLSearchParams(answer.text);
  return { key: fields.get('oauth_token')!, secret: fields.get('oauth_token_secret')! };
}

describe('activation with an endpoint, then the handshake and a call, over HTTP', () => {
  let server: TestServer;
  let keywayUrl: string;
  let consumerServer: Server;
  let endpoint: string;
  const posted: URLSearchParams[] = [];

  before(async () => {
    server = await createTestServer();
    await server.seedCustomer();
    keywayUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
    // The integration's side: it keeps what Keyway posts and answers 200 at once, as Magento expects.
    consumerServer = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        posted.push(new URLSearchParams(body));
        response.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => consumerServer.listen(0, '127.0.0.1', resolve));
    const address = consumerServer.address();
    assert.ok(address && typeof address === 'object');
    endpoint = `http://127.0.0.1:${address.port}/keyway/credentials`;
  });
  after(async () => {
    await new Promise<void>((resolve) => consumerServer?.close(() => resolve()));
    await server?.close();
  });

  it('Keyway posts the four fields; the consumer gets its access token and reads a customer', async () => {
    const integration = await createIntegration(server, { endpoint });
    const activation = await server.keyway.integrations.activate(integration.id);
    assert.equal(activation.credentials, null, 'with an endpoint nothing is shown: the credentials were posted');
    assert.equal(posted.length, 1);
    const form = posted[0]!;
    assert.deepEqual([...form.keys()].sort(), [
      'oauth_consumer_key',
      'oauth_consumer_secret',
      'oauth_verifier',
      'store_base_url',
    ]);
    const consumer = { key: form.get('oauth_consumer_key')!, secret: form.get('oauth_consumer_secret')! };
    const clockMs = server.clock.now();

    const requestToken = tokenOf(
      await fetchSigned({ method: 'POST', url: `${keywayUrl}/oauth/token/request`, consumer, clockMs }),
    );
    const accessToken = tokenOf(
      await fetchSigned({
        method: 'POST',
        url: `${keywayUrl}/oauth/token/access`,
        consumer,
        token: requestToken,
        extra: { oauth_verifier: form.get('oauth_verifier')! },
        clockMs,
      }),
    );
    assert.equal((await server.keyway.integrations.get(integration.id)).status, IntegrationStatus.ACTIVE);

    const search = `${keywayUrl}/rest/V1/customers/search?searchCriteria[filterGroups][0][filters][0][field]=email&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(CUSTOMER.email)}`;
    const found = await fetchSigned({ url: search, consumer, token: accessToken, clockMs });
    assert.equal(found.status, 200, found.text);
    assert.equal((JSON.parse(found.text) as { total_count: number }).total_count, 1);

    // The request token was used up by the exchange; the access token cannot start another one.
    const again = await fetchSigned({
      method: 'POST',
      url: `${keywayUrl}/oauth/token/access`,
      consumer,
      token: requestToken,
      extra: { oauth_verifier: form.get('oauth_verifier')! },
      clockMs,
    });
    assert.equal(again.status, 401);
    assert.equal(again.text, 'oauth_problem=Specified+token+does+not+exist');
  });
});
