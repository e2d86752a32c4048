// backends: sqlite
// Activation with an endpoint (Magento's `postToConsumer`): the four form fields reach a real HTTP server, the
// exchange window opens, a transport failure gives Magento's message; reauthorize restarts the exchange.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { lookupDigest } from '../../src/crypto/index.ts';
import { ADMIN, createTestServer, type TestServer } from '../helpers/test-app.ts';

interface Received {
  method: string;
  contentType: string | undefined;
  form: Record<string, string>;
}

describe('activation with an endpoint', () => {
  let s: TestServer;
  let consumerServer: Server;
  let endpoint: string;
  let admin: string;
  const received: Received[] = [];
  before(async () => {
    consumerServer = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({
          method: request.method!,
          contentType: request.headers['content-type'],
          form: Object.fromEntries(new URLSearchParams(body)),
        });
        // Magento ignores the consumer's answer, even an error.
        response.writeHead(500).end('ignored');
      });
    });
    await new Promise<void>((resolve) => consumerServer.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(consumerServer.address() as AddressInfo).port}/keyway/callback`;
    s = await createTestServer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
    admin = await s.adminToken();
    await s.keyway.settings.set('web/unsecure/base_url', 'http://shop.example/');
  });
  after(async () => {
    await s.close();
    await new Promise((resolve) => consumerServer.close(resolve));
  });

  const create = async (name: string, url: string) => {
    const response = await s.call('POST', '/rest/V1/integrations', {
      token: admin,
      json: { integration: { name, endpoint: url, identity_link_url: 'http://erp.example/login', all_resources: 1 } },
    });
    assert.equal(response.status, 200, response.text);
    return response.json as { id: number; consumer_key: string };
  };

  it('POSTs the consumer key and secret, the store base URL and the verifier; the integration stays Inactive', async () => {
    const { id, consumer_key } = await create('Callback', endpoint);
    const response = await s.call('POST', `/rest/V1/integrations/${id}/activate`, { token: admin });
    assert.equal(response.status, 200, response.text);
    const body = response.json as { integration: { status: number }; credentials: unknown };
    assert.equal(body.credentials, null, 'the credentials go to the endpoint, not to the admin');
    assert.equal(body.integration.status, 0);
    assert.equal(received.length, 1);
    const [post] = received;
    assert.equal(post!.method, 'POST');
    assert.equal(post!.contentType, 'application/x-www-form-urlencoded;charset=UTF-8');
    assert.deepEqual(Object.keys(post!.form), [
      'oauth_consumer_key',
      'oauth_consumer_secret',
      'store_base_url',
      'oauth_verifier',
    ]);
    assert.equal(post!.form.oauth_consumer_key, consumer_key);
    assert.equal(post!.form.store_base_url, 'http://shop.example/');
    const store = s.keyway.integrationStore;
    const consumer = (await store.findConsumerByKey(consumer_key))!;
    assert.equal(post!.form.oauth_consumer_secret, consumer.secret);
    assert.equal(consumer.updatedAt, s.clock.now(), 'the 300 s exchange window opened now');
    const row = (await store.findTokenOfConsumer(consumer.id))!;
    assert.equal(row.type, 'verifier');
    assert.equal(row.verifier, post!.form.oauth_verifier);
  });

  it('reauthorize after the exchange: the access token dies, status goes back to Inactive, a new verifier is POSTed', async () => {
    const { id, consumer_key } = await create('Exchanged', endpoint);
    received.length = 0;
    await s.call('POST', `/rest/V1/integrations/${id}/activate`, { token: admin });
    const store = s.keyway.integrationStore;
    const consumer = (await store.findConsumerByKey(consumer_key))!;
    const row = (await store.findTokenOfConsumer(consumer.id))!;
    await store.issueRequestToken(row.id);
    const access = (await store.issueAccessToken(row.id))!;
    assert.equal((await s.keyway.integrations.get(id)).status, 1);
    s.clock.advance(5000);
    const response = await s.call('POST', `/rest/V1/integrations/${id}/reauthorize`, { token: admin });
    assert.equal(response.status, 200, response.text);
    assert.equal((response.json as { integration: { status: number } }).integration.status, 0);
    assert.equal(await store.findTokenByDigest(lookupDigest(access.token)!), undefined);
    assert.equal(received.length, 2);
    assert.notEqual(received[1]!.form.oauth_verifier, received[0]!.form.oauth_verifier);
    assert.equal((await store.findTokenOfConsumer(consumer.id))!.type, 'verifier');
    assert.equal((await store.findConsumerByKey(consumer_key))!.updatedAt, s.clock.now());
  });

  it("an endpoint that cannot be reached: Magento's message", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { id } = await create('Unreachable', `http://127.0.0.1:${port}/callback`);
    const response = await s.call('POST', `/rest/V1/integrations/${id}/activate`, { token: admin });
    assert.equal(response.status, 502);
    assert.deepEqual(response.json, {
      message: 'The attempt to post data to consumer failed due to an unexpected error. Please try again later.',
    });
    assert.ok(s.log.some((entry) => entry.msg === 'activation POST to consumer failed'));
    assert.equal(JSON.stringify(s.log).includes('oauth_consumer_secret'), false);
  });
  it('an endpoint that never answers: the POST gives up after oauth/consumer/post_timeout', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      await s.keyway.settings.set('oauth/consumer/post_timeout', '1');
      const { id } = await create('Silent', `http://127.0.0.1:${(silent.address() as AddressInfo).port}/callback`);
      const started = Date.now();
      const response = await s.call('POST', `/rest/V1/integrations/${id}/activate`, { token: admin });
      assert.equal(response.status, 502);
      assert.ok(Date.now() - started < 4000, 'the 1 s timeout applied');
    } finally {
      await s.keyway.settings.set('oauth/consumer/post_timeout', '5');
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
