// A third-party Magento client from npm (magento2-api-wrapper, axios 0.21 underneath) against Keyway on a real
// port: guest token requests, Bearer calls with and without a store code, admin reads, Magento's 401 body; and
// the other shapes clients in the wild send: chunked bodies, /index.php/rest URLs and `?searchCriteria=`.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import wrapperModule from 'magento2-api-wrapper';
import { SIGN_IN_INCORRECT, notAuthorized } from '../helpers/magento-bodies.ts';
import { ADMIN, CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

// The package is CommonJS (`module.exports = class`) but its .d.ts declares `export default class`; under
// NodeNext TypeScript therefore types the default import as the namespace, while Node hands over the class.
const Magento2Api = wrapperModule as unknown as typeof wrapperModule.default;

const TOKEN = /^[0-9a-z]{32}$/;

interface CustomerJson {
  id: number;
  email: string;
  firstname: string;
  lastname: string;
  store_id: number;
  website_id: number;
}

/** An axios error as the client rethrows it: `response` holds the server's answer. */
interface ClientError {
  response?: { status: number; data: unknown };
}

/** Awaits a call that must fail and answers the HTTP status and body the server sent. */
async function failure(call: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    await call;
  } catch (error) {
    const response = (error as ClientError).response;
    assert.ok(response, `expected an HTTP error response, got ${String(error)}`);
    return { status: response.status, data: response.data };
  }
  assert.fail('expected the call to fail');
}

describe('magento2-api-wrapper against Keyway on a port', () => {
  let server: TestServer;
  let baseUrl: string;
  let customerId: number;
  const guest = () => new Magento2Api({ api: { url: baseUrl } });
  const bearer = (token: string) =>
    new Magento2Api({ api: { url: baseUrl }, axios: { headers: { Authorization: `Bearer ${token}` } } });

  before(async () => {
    server = await createTestServer();
    customerId = await server.seedCustomer();
    await server.seedAdmin(ADMIN.username, ADMIN.password);
    baseUrl = await server.app.listen({ port: 0, host: '127.0.0.1' });
    assert.match(baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  });
  after(async () => {
    await server?.close();
  });

  it('a guest client posts integration/customer/token and gets the token string', async () => {
    const client = guest();
    assert.equal(client.baseUrl, `${baseUrl}/rest/V1/`);
    const token: unknown = await client.post('integration/customer/token', {
      username: CUSTOMER.email,
      password: CUSTOMER.password,
    });
    assert.equal(typeof token, 'string');
    assert.match(token as string, TOKEN);
  });

  it('a wrong password gets Magento’s 401 sign-in message through the client', async () => {
    const { status, data } = await failure(
      guest().post('integration/customer/token', { username: CUSTOMER.email, password: 'wrong' }),
    );
    assert.equal(status, 401);
    assert.deepEqual(data, SIGN_IN_INCORRECT);
  });

  it('a Bearer client reads customers/me with the token it fetched', async () => {
    const token = await guest().post<string>('integration/customer/token', {
      username: CUSTOMER.email,
      password: CUSTOMER.password,
    });
    const me = await bearer(token).get<CustomerJson>('customers/me');
    assert.equal(me.id, customerId);
    assert.equal(me.email, CUSTOMER.email);
    assert.equal(me.firstname, CUSTOMER.firstname);
    assert.equal(me.lastname, CUSTOMER.lastname);
    assert.equal(me.website_id, 1);
  });

  it('the storeCode option (/rest/default/V1/...) works too; an unknown store code is Magento’s 400', async () => {
    const client = guest();
    const token = await client.post<string>(
      'integration/customer/token',
      { username: CUSTOMER.email, password: CUSTOMER.password },
      { storeCode: 'default' } as object,
    );
    assert.match(token, TOKEN);
    const reader = bearer(token);
    const me = await reader.get<CustomerJson>('customers/me', { storeCode: 'default' } as object);
    assert.equal(me.id, customerId);
    assert.equal(me.email, CUSTOMER.email);
    assert.equal(me.store_id, 1);
    // Proof that the option reaches the URL: a store code Keyway does not know is refused.
    const { status, data } = await failure(reader.get('customers/me', { storeCode: 'nosuchstore' } as object));
    assert.equal(status, 400);
    assert.deepEqual(data, { message: 'Specified request cannot be processed.' });
  });

  it('an admin-token client reads customers/1', async () => {
    const token = await guest().post<string>('integration/admin/token', {
      username: ADMIN.username,
      password: ADMIN.password,
    });
    assert.match(token, TOKEN);
    const customer = await bearer(token).get<CustomerJson>(`customers/${customerId}`);
    assert.equal(customerId, 1);
    assert.equal(customer.id, 1);
    assert.equal(customer.email, CUSTOMER.email);
  });

  it('a customer client reading customers/1 gets 401 with Magento’s message', async () => {
    const token = await guest().post<string>('integration/customer/token', {
      username: CUSTOMER.email,
      password: CUSTOMER.password,
    });
    const { status, data } = await failure(bearer(token).get(`customers/${customerId}`));
    assert.equal(status, 401);
    assert.deepEqual(data, notAuthorized('Magento_Customer::customer'));
  });

  it('a guest client reading customers/me gets 401 naming self', async () => {
    const { status, data } = await failure(guest().get('customers/me'));
    assert.equal(status, 401);
    assert.deepEqual(data, notAuthorized('self'));
  });

  it('revoke-customer-token through the client ends that token', async () => {
    const token = await guest().post<string>('integration/customer/token', {
      username: CUSTOMER.email,
      password: CUSTOMER.password,
    });
    const client = bearer(token);
    assert.equal(await client.post('integration/customer/revoke-customer-token'), true);
    const { status, data } = await failure(client.get('customers/me'));
    assert.equal(status, 401);
    assert.deepEqual(data, notAuthorized('self'));
  });

  it('a chunked POST body (no Content-Length) gets a token', async () => {
    const body = JSON.stringify({ username: CUSTOMER.email, password: CUSTOMER.password });
    const { status, text, sentHeaders } = await new Promise<{ status: number; text: string; sentHeaders: string }>(
      (resolve, reject) => {
        const req = request(
          `${baseUrl}/rest/V1/integration/customer/token`,
          { method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
          (res) => {
            let text = '';
            res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                text,
                sentHeaders: (req as unknown as { _header: string })._header,
              }),
            );
          },
        );
        req.on('error', reject);
        const middle = Math.floor(body.length / 2);
        req.write(body.slice(0, middle));
        setTimeout(() => req.end(body.slice(middle)), 20);
      },
    );
    assert.match(sentHeaders, /transfer-encoding: chunked/i);
    assert.doesNotMatch(sentHeaders, /content-length/i);
    assert.equal(status, 200, text);
    assert.match(JSON.parse(text) as string, TOKEN);
  });

  it('GET /index.php/rest/V1/customers/me?searchCriteria= with a Bearer token answers 200', async () => {
    const token = await server.customerToken();
    const response = await fetch(`${baseUrl}/index.php/rest/V1/customers/me?searchCriteria=`, {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    const me = (await response.json()) as CustomerJson;
    assert.equal(me.id, customerId);
    assert.equal(me.email, CUSTOMER.email);
  });
});
