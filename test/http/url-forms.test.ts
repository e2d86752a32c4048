// backends: sqlite, postgres
// The URL forms Magento clients use (SPEC section 1), chunked bodies, and GETs that carry ?searchCriteria=.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { notAuthorized, routeNotFound } from '../helpers/magento-bodies.ts';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

describe('URL forms', () => {
  let s: TestServer;
  let token: string;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    token = await s.customerToken();
  });
  after(() => s.close());

  for (const prefix of ['/rest', '/rest/default', '/index.php/rest', '/index.php/rest/default']) {
    it(`${prefix}/V1 serves token and /me calls`, async () => {
      const login = await s.call('POST', `${prefix}/V1/integration/customer/token`, {
        json: { username: CUSTOMER.email, password: CUSTOMER.password },
      });
      assert.equal(login.status, 200);
      const me = await s.call('GET', `${prefix}/V1/customers/me`, { token: login.json as string });
      assert.equal(me.status, 200);
      assert.equal((me.json as { id: number }).id, 1);
    });
  }

  it('/rest/all/V1 is the admin store: customers sign in there, but self routes refuse them', async () => {
    const login = await s.call('POST', '/rest/all/V1/integration/customer/token', {
      json: { username: CUSTOMER.email, password: CUSTOMER.password },
    });
    assert.equal(login.status, 200);
    const me = await s.call('GET', '/rest/all/V1/customers/me', { token });
    assert.equal(me.status, 401);
    assert.deepEqual(me.json, notAuthorized('self'));
  });

  it('/rest/all/V1 serves admins', async () => {
    await s.seedAdmin('store_admin', 'abc12345');
    const admin = await s.adminToken('store_admin', 'abc12345');
    const response = await s.call('GET', '/rest/all/V1/customers/1', { token: admin });
    assert.equal(response.status, 200);
  });

  it('an unknown store code: 400 "Specified request cannot be processed."', async () => {
    const response = await s.call('GET', '/rest/nostore/V1/customers/me', { token });
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { message: 'Specified request cannot be processed.' });
  });

  it('a path outside /rest/ is no route', async () => {
    for (const path of ['/V1/customers/me', '/api/rest/V1/customers/me', '/', '/favicon.ico']) {
      const response = await s.call('GET', path, { token });
      assert.equal(response.status, 404, path);
      assert.deepEqual(response.json, routeNotFound);
    }
  });

  it('a GET carrying ?searchCriteria= on a route that takes none still answers', async () => {
    for (const query of ['?searchCriteria=', '?searchCriteria[pageSize]=1', '?unknown=1&searchCriteria=']) {
      const response = await s.call('GET', `/rest/V1/customers/me${query}`, { token });
      assert.equal(response.status, 200, query);
      assert.equal((response.json as { email: string }).email, CUSTOMER.email);
    }
  });

  it('trailing slashes match the route, as Magento trims them', async () => {
    const response = await s.call('GET', '/rest/V1/customers/me/', { token });
    assert.equal(response.status, 200);
  });
});

describe('chunked request bodies over a real connection', () => {
  let s: TestServer;
  let port: number;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    port = (s.app.server.address() as AddressInfo).port;
  });
  after(() => s.close());

  function chunkedPost(path: string, chunks: string[], contentType: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const call = request(
        { host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': contentType } },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
        },
      );
      call.on('error', reject);
      for (const chunk of chunks) call.write(chunk);
      call.end();
    });
  }

  it('a JSON login sent in chunks, without Content-Length', async () => {
    const body = JSON.stringify({ username: CUSTOMER.email, password: CUSTOMER.password });
    const response = await chunkedPost(
      '/rest/V1/integration/customer/token',
      [body.slice(0, 10), body.slice(10)],
      'application/json',
    );
    assert.equal(response.status, 200);
    assert.match(response.body, /^"[0-9a-z]{32}"$/);
  });

  it('an XML login sent in chunks', async () => {
    const body = `<login><username>${CUSTOMER.email}</username><password>${CUSTOMER.password}</password></login>`;
    const response = await chunkedPost(
      '/index.php/rest/default/V1/integration/customer/token',
      [body.slice(0, 7), body.slice(7, 30), body.slice(30)],
      'application/xml',
    );
    assert.equal(response.status, 200);
  });
});
