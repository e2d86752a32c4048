// backends: sqlite, postgres
// The direct lane answers plainly framed Web API calls without Fastify's pipeline; Fastify answers the rest.
// Every call here is made twice, once through each edge, and the two answers must be the same.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../src/app.ts';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

interface Call {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Whether the lane takes this call (else Fastify answers it either way). */
  lane: boolean;
}

/** Headers that differ between any two answers, whichever edge made them. */
const PER_ANSWER = new Set(['date', 'x-request-id', 'vary', 'connection', 'keep-alive']);

function comparable(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_ANSWER.has(name)));
}

describe('the direct lane', () => {
  let s: TestServer;
  let app: FastifyInstance;
  let token: string;
  let seenByFastify = 0;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    token = await s.customerToken();
    // A second app on the same Keyway, with a hook that counts what reaches Fastify's pipeline.
    app = createApp(s.keyway);
    app.addHook('onRequest', (_request, _reply, done) => {
      seenByFastify++;
      done();
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await s.close();
  });

  const json = { 'content-type': 'application/json' };
  const calls = (): Call[] => [
    { name: 'a customer reads itself', method: 'GET', url: '/rest/V1/customers/me', lane: true, headers: bearer() },
    {
      name: 'in XML',
      method: 'GET',
      url: '/rest/default/V1/customers/me',
      lane: true,
      headers: { ...bearer(), accept: 'application/xml' },
    },
    { name: 'without a token', method: 'GET', url: '/rest/V1/customers/me', lane: true },
    {
      name: 'with a token nobody issued',
      method: 'GET',
      url: '/rest/V1/customers/me',
      lane: true,
      headers: { authorization: 'Bearer 0123456789abcdef0123456789abcdef' },
    },
    {
      name: 'an Accept it cannot meet',
      method: 'GET',
      url: '/rest/V1/customers/me',
      lane: true,
      headers: { accept: 'image/png' },
    },
    { name: 'no such route', method: 'GET', url: '/rest/V1/no/such/route', lane: true },
    { name: 'an unknown store', method: 'GET', url: '/rest/nowhere/V1/customers/me', lane: true },
    { name: 'a query over the limits', method: 'GET', url: `/rest/V1/customers/me?${'x=1&'.repeat(1001)}`, lane: true },
    {
      name: 'a wrong password',
      method: 'POST',
      url: '/rest/V1/integration/customer/token',
      lane: true,
      headers: json,
      body: JSON.stringify({ username: CUSTOMER.email, password: 'not-the-password-1' }),
    },
    {
      name: 'an anonymous call with a body',
      method: 'POST',
      url: '/rest/V1/customers/isEmailAvailable',
      lane: true,
      headers: json,
      body: JSON.stringify({ customerEmail: 'nobody@example.com' }),
    },
    {
      name: 'broken JSON',
      method: 'POST',
      url: '/rest/V1/customers/isEmailAvailable',
      lane: true,
      headers: json,
      body: '{"customerEmail":',
    },
    {
      name: 'an XML body',
      method: 'POST',
      url: '/rest/V1/customers/isEmailAvailable',
      lane: true,
      headers: { 'content-type': 'application/xml' },
      body: '<?xml version="1.0"?><request><customerEmail>nobody@example.com</customerEmail></request>',
    },
    {
      name: 'a Content-Type Magento does not read',
      method: 'PUT',
      url: '/rest/V1/customers/me',
      lane: true,
      headers: { ...bearer(), 'content-type': 'text/plain' },
      body: 'hello',
    },
    { name: 'a DELETE without a body', method: 'DELETE', url: '/rest/V1/customers/me', lane: true, headers: bearer() },
    {
      name: 'a body without a Content-Type',
      method: 'POST',
      url: '/rest/V1/customers/isEmailAvailable',
      lane: false,
      body: '{}',
    },
    { name: 'the schema', method: 'GET', url: '/rest/default/schema?services=all', lane: false },
    { name: 'a path outside /rest/', method: 'GET', url: '/V1/customers/me', lane: false },
  ];
  const bearer = () => ({ authorization: `Bearer ${token}` });

  it('answers each call as Fastify does, and takes only the calls it is meant to', async () => {
    for (const call of calls()) {
      const before = seenByFastify;
      const direct = await app.inject({
        method: call.method,
        url: call.url,
        headers: call.headers,
        payload: call.body,
      });
      assert.equal(seenByFastify - before, call.lane ? 0 : 1, `${call.name}: taken by the lane`);
      assert.match(String(direct.headers['x-request-id']), /^[0-9a-f-]{36}$/, call.name);
      // With CORS on, every call goes through Fastify's pipeline; a call without Origin gets no CORS headers.
      await s.keyway.settings.set('webapi/cors/allowed_origins', 'https://shop.example');
      try {
        const handed = await app.inject({
          method: call.method,
          url: call.url,
          headers: call.headers,
          payload: call.body,
        });
        assert.equal(seenByFastify - before, call.lane ? 1 : 2, `${call.name}: handed over with CORS on`);
        assert.equal(direct.statusCode, handed.statusCode, call.name);
        assert.equal(direct.body, handed.body, call.name);
        assert.deepEqual(comparable(direct.headers), comparable(handed.headers), call.name);
      } finally {
        await s.keyway.settings.set('webapi/cors/allowed_origins', '');
      }
    }
  });

  it('serves real connections: a read, a body, and a client that hangs up mid-body', async () => {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const base = `http://127.0.0.1:${port}`;
    const before = seenByFastify;
    const me = await fetch(`${base}/rest/V1/customers/me`, { headers: bearer() });
    assert.equal(me.status, 200);
    assert.equal(((await me.json()) as { email: string }).email, CUSTOMER.email);
    assert.match(me.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const available = await fetch(`${base}/rest/V1/customers/isEmailAvailable`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ customerEmail: CUSTOMER.email }),
    });
    assert.equal(available.status, 200);
    // Magento's default since 2.4.7: guest checkout login off, so every address is answered as available.
    assert.equal(await available.text(), 'true');
    assert.equal(seenByFastify, before, 'both went through the lane');

    const { connect } = await import('node:net');
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /rest/V1/customers/isEmailAvailable HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n');
    socket.write('Content-Length: 100\r\n\r\n{"customer');
    socket.destroy();
    // The server goes on answering after a client vanished mid-body.
    const again = await fetch(`${base}/rest/V1/customers/me`, { headers: bearer() });
    assert.equal(again.status, 200);
  });
});
