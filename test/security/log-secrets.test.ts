// Tokens and passwords never reach the log. Every route in the route table is called, at LOG_LEVEL trace,
// with known secrets in a JSON body, an XML body and the query string, tokens in Authorization (and a
// cookie and an API-key header for good measure); with a failed and successful sign-ins and two internal
// errors besides. Then the whole log is searched for every secret, raw and in each encoding it travelled in.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Route } from '../../src/webapi/route.ts';
import { failingRoute } from '../helpers/failing-route.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { ADMIN, createTestServer, type TestServer } from '../helpers/test-app.ts';

const secrets = new Set<string>();
let counter = 0;
/** A secret that reads differently in JSON, XML, a URL and a form, so each encoding is searched for. */
function secret(kind: string): string {
  const value = `${kind}-S3cr3t ${++counter}/+&="<é`;
  secrets.add(value);
  return value;
}

const xmlEscape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const toXml = (root: string, value: unknown): string =>
  typeof value === 'object' && value !== null
    ? `<${root}>${Object.entries(value)
        .map(([k, v]) => toXml(k, v))
        .join('')}</${root}>`
    : `<${root}>${xmlEscape(String(value))}</${root}>`;

/** Every form a secret could take on its way into a log line. */
function encodings(value: string): string[] {
  const url = encodeURIComponent(value);
  return [
    value,
    url,
    url.replace(/%20/g, '+'),
    JSON.stringify(value).slice(1, -1),
    xmlEscape(value),
    Buffer.from(value).toString('base64'),
  ];
}

describe('secrets never reach the log', () => {
  const log = captureLog('trace');
  // A service that fails like a bug would, for an internal error while secrets are in flight.
  const broken = failingRoute(
    'POST',
    '/V1/acme/broken',
    'Acme\\Broken\\Api\\BrokenInterface::fail',
    () => new TypeError("Cannot read properties of undefined (reading 'id')"),
  );
  let s: TestServer;
  const called: string[] = [];
  const statuses = new Map<number, number>();

  /** One call; any token in a 200 answer is a secret too. */
  async function call(method: string, url: string, headers: Record<string, string>, body?: string) {
    const response = await s.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(body === undefined ? {} : { payload: body }),
    });
    statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
    if (response.statusCode === 200 && /^"[0-9a-z]{32}"$/.test(response.body))
      secrets.add(JSON.parse(response.body) as string);
    return response;
  }

  async function signIn(kind: 'customer' | 'admin', username: string, password: string): Promise<string> {
    const response = await call(
      'POST',
      `/rest/V1/integration/${kind}/token`,
      { 'content-type': 'application/json' },
      JSON.stringify({ username, password }),
    );
    assert.equal(response.statusCode, 200, response.body);
    return JSON.parse(response.body) as string;
  }

  /** Calls one route three ways, as a fresh customer (or the admin), with secrets everywhere. */
  async function exercise(route: Route, index: number): Promise<void> {
    const email = `route-${index}@example.com`;
    const password = secret('customer-password');
    const customerId = await s.seedCustomer({ email, password });
    const customerToken = await signIn('customer', email, password);
    const adminToken = await signIn('admin', ADMIN.username, ADMIN.password);
    const asCustomer = route.resources.some((resource) => ['self', 'anonymous', 'authenticated'].includes(resource));
    const token = asCustomer ? customerToken : adminToken;
    const url = `/rest/V1${route.url.slice(3).replace(/:\w+/g, String(customerId))}`;
    const input = {
      username: email,
      password: secret('password'),
      currentPassword: password,
      newPassword: secret('new-password'),
      passwordHash: secret('password-hash'),
      token: customerToken,
      customerEmail: email,
      customer: { email, firstname: 'Log', lastname: 'Test', password: secret('nested-password') },
    };
    const headers = {
      authorization: `Bearer ${token}`,
      cookie: `session=${encodeURIComponent(secret('cookie'))}`,
      'x-api-key': secret('api-key'),
    };
    const query = new URLSearchParams({
      password: secret('query-password'),
      token: adminToken,
      newPassword: secret('query-new'),
    }).toString();
    await call(route.method, url, { ...headers, 'content-type': 'application/json' }, JSON.stringify(input));
    await call(route.method, url, { ...headers, 'content-type': 'application/xml' }, toXml('request', input));
    await call(route.method, `${url}?${query}`, headers);
    called.push(`${route.method} ${route.url}`);
  }

  before(async () => {
    const { logger } = log;
    s = await createTestServer({
      http: { logger },
      keyway: { logger, configDirs: [broken.dir], extraServices: broken.services },
    });
    secrets.add(ADMIN.password);
    await s.seedAdmin(ADMIN.username, ADMIN.password);
    for (const [index, route] of s.keyway.routes.routes.entries()) await exercise(route, index);

    // Sign-ins that succeed through XML and the query, and one that fails.
    const email = 'signin@example.com';
    const password = secret('signin-password');
    await s.seedCustomer({ email, password });
    const xml = await call(
      'POST',
      '/rest/V1/integration/customer/token',
      { 'content-type': 'text/xml' },
      toXml('login', { username: email, password }),
    );
    assert.equal(xml.statusCode, 200);
    const query = await call(
      'POST',
      `/rest/V1/integration/customer/token?${new URLSearchParams({ username: email, password })}`,
      {},
    );
    assert.equal(query.statusCode, 200);
    const wrong = secret('wrong-password');
    assert.equal(
      (
        await call(
          'POST',
          '/rest/V1/integration/customer/token',
          { 'content-type': 'application/json' },
          JSON.stringify({ username: email, password: wrong }),
        )
      ).statusCode,
      401,
    );

    // Internal errors with secrets in flight: a failing service, then a database gone from under a sign-in.
    const failing = await call(
      'POST',
      `/rest/V1/acme/broken?password=${encodeURIComponent(secret('broken-query'))}`,
      {
        authorization: `Bearer ${JSON.parse(query.body) as string}`,
        'content-type': 'application/json',
      },
      JSON.stringify({ password: secret('broken-body') }),
    );
    assert.equal(failing.statusCode, 500);
    await s.keyway.stores.driver.close();
    const gone = await call(
      'POST',
      '/rest/V1/integration/customer/token',
      { 'content-type': 'application/json' },
      JSON.stringify({ username: email, password }),
    );
    assert.equal(gone.statusCode, 500);
  });
  after(async () => {
    await s.app.close();
    await s.database.drop();
    broken.remove();
  });

  it('called every route', () => {
    assert.equal(called.length, s.keyway.routes.routes.length);
    console.log(
      `log secrets: ${called.length} routes called 3 ways each, ${secrets.size} secrets searched for; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });

  it('logged the traffic, the failed sign-in and both internal errors', () => {
    const entries = log.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(entries.length > 4 * called.length, `${entries.length} log lines`);
    assert.ok(entries.some((entry) => entry.event === 'login_failed'));
    // The failing route is in the route table too, so it fails once per way it is called, and once more.
    assert.equal(entries.filter((entry) => entry.msg === 'internal error').length, 3 + 2);
  });

  it('holds no token or password in any form', () => {
    const text = log.text();
    const found = [...secrets].flatMap((value) =>
      encodings(value)
        .filter((form) => text.includes(form))
        .map((form) => `${value} as ${form}`),
    );
    assert.deepEqual(found, []);
    assert.doesNotMatch(text, /Bearer [0-9a-z]{32}/);
  });
});
