// Runs the hostile-request catalogue (test/fixtures/hostile-requests.json): every case must be answered, in
// time, with its 4xx and Magento's error body; nothing may leak onto Object.prototype; and the server must
// still sign a customer in afterwards.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ADMIN, CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';
import {
  expand,
  expandText,
  expectedStatuses,
  loadCatalogue,
  socketRequest,
  type HostileCase,
} from './hostile-catalogue.ts';
import { rawExchange } from './raw-http.ts';

const TOKEN_URL = '/rest/V1/integration/customer/token';
const ME_URL = '/rest/V1/customers/me';
const CONTENT_TYPES = { json: 'application/json; charset=utf-8', xml: 'application/xml; charset=utf-8' };
const ERROR_KEYS = new Set(['message', 'errors', 'code', 'parameters']);
const CASE_TIMEOUT_MS = 5000;
const CASES = loadCatalogue();
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

interface Answer {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** Rejects when `promise` takes longer than the case's time limit: a hang is a failure, not a wait. */
function inTime<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${CASE_TIMEOUT_MS} ms`)), CASE_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The status, then Magento's error body in the negotiated format, with the exact message where known. */
function checkAnswer(c: HostileCase, answer: Answer): void {
  const excerpt = answer.body.slice(0, 300);
  assert.ok(answer.status >= 400 && answer.status < 500, `a 4xx, got ${answer.status}: ${excerpt}`);
  assert.ok(
    expectedStatuses(c).includes(answer.status),
    `status ${answer.status}, expected ${expectedStatuses(c).join(' or ')}: ${excerpt}`,
  );
  if (c.emptyBody) {
    assert.equal(answer.body.replace(/^0\r\n\r\n$/, ''), '', "Node's own answer has no body");
    return;
  }
  let message: string;
  if (c.xml) {
    assert.equal(answer.contentType, CONTENT_TYPES.xml);
    const match = /^<\?xml version="1\.0"\?>\n<response>\n {2}<message>([^<]*)<\/message>\n[\s\S]*<\/response>\n$/.exec(
      answer.body,
    );
    assert.ok(match, `an XML <response><message> body: ${excerpt}`);
    message = match[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  } else {
    assert.equal(answer.contentType, CONTENT_TYPES.json);
    const body = JSON.parse(answer.body) as Record<string, unknown>;
    assert.ok(body !== null && typeof body === 'object' && !Array.isArray(body), `a JSON object: ${excerpt}`);
    for (const key of Object.keys(body))
      assert.ok(ERROR_KEYS.has(key), `no key "${key}" in Magento's error body: ${excerpt}`);
    assert.equal(typeof body.message, 'string', 'a string message');
    message = body.message as string;
    if (Object.hasOwn(c, 'parameters')) assert.deepEqual(body.parameters, c.parameters, 'parameters');
  }
  assert.ok(message.length > 0, 'a non-empty message');
  if (c.message !== undefined) assert.equal(message, c.message, 'message');
}

function assertPrototypeClean(): void {
  assert.deepEqual(
    Object.getOwnPropertyNames(Object.prototype).sort(),
    PROTOTYPE_KEYS,
    'Object.prototype gained no keys',
  );
  assert.equal(({} as Record<string, unknown>).isAdmin, undefined, 'no inherited isAdmin');
}

describe("hostile catalogue: every request gets its 4xx with Magento's error body, and the server carries on", () => {
  let s: TestServer;
  let small: TestServer;
  const ports = new Map<TestServer, number>();
  const vars: Record<string, string> = { email: CUSTOMER.email, password: CUSTOMER.password };
  let ran = 0;
  let held = 0;

  before(async () => {
    [s, small] = await Promise.all([createTestServer(), createTestServer({ http: { bodyLimit: 2048 } })]);
    const [customerId] = await Promise.all([
      s.seedCustomer(),
      small.seedCustomer(),
      s.seedAdmin(ADMIN.username, ADMIN.password),
    ]);
    vars.customerId = String(customerId);
    vars.customerToken = await s.customerToken();
    vars.adminToken = await s.adminToken();
    for (const server of [s, small]) {
      await server.app.listen({ port: 0, host: '127.0.0.1' });
      ports.set(server, (server.app.server.address() as AddressInfo).port);
    }
  });
  after(async () => {
    console.log(`hostile catalogue: ${ran} cases ran, ${held} held`);
    await Promise.all([s?.close(), small?.close()]);
  });

  test('the catalogue holds at least 80 cases with unique names, each expecting only 4xx', () => {
    assert.ok(CASES.length >= 80, `${CASES.length} cases`);
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length);
    for (const c of CASES)
      assert.ok(
        expectedStatuses(c).every((status) => status >= 400 && status < 500),
        c.name,
      );
  });

  async function viaInject(server: TestServer, c: HostileCase): Promise<Answer> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(c.headers ?? {})) headers[name] = expandText(value, vars);
    const response = await server.app.inject({
      method: (c.method ?? 'GET') as 'GET',
      url: expandText(c.url ?? TOKEN_URL, vars),
      headers,
      ...(c.body === undefined ? {} : { payload: expand(c.body, vars) }),
    });
    return {
      status: response.statusCode,
      contentType: response.headers['content-type'] as string | undefined,
      body: response.body,
    };
  }

  async function viaSocket(server: TestServer, c: HostileCase): Promise<Answer> {
    const answer = await rawExchange(ports.get(server)!, socketRequest(c, vars), CASE_TIMEOUT_MS);
    return { status: answer.status, contentType: answer.headers['content-type'], body: answer.body };
  }

  /** The next customer can still sign in and read their account, through the same door the case used. */
  async function assertHealthy(c: HostileCase, server: TestServer): Promise<void> {
    const credentials = JSON.stringify({ username: CUSTOMER.email, password: CUSTOMER.password });
    if (c.transport === 'socket') {
      const base = `http://127.0.0.1:${ports.get(server)}`;
      const login = await fetch(`${base}${TOKEN_URL}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: credentials,
      });
      assert.equal(login.status, 200, 'the next login over the network works');
      const me = await fetch(`${base}${ME_URL}`, {
        headers: { authorization: `Bearer ${(await login.json()) as string}` },
      });
      assert.equal(me.status, 200, 'the next /me over the network works');
      return;
    }
    const login = await server.call('POST', TOKEN_URL, {
      json: { username: CUSTOMER.email, password: CUSTOMER.password },
    });
    assert.equal(login.status, 200, `the next login works: ${login.text}`);
    assert.equal((await server.call('GET', ME_URL, { token: login.json as string })).status, 200, 'the next /me works');
    assert.equal(
      (await s.call('GET', ME_URL, { token: vars.customerToken })).status,
      200,
      'the session token still works',
    );
  }

  for (const c of CASES) {
    test(c.name, { timeout: 3 * CASE_TIMEOUT_MS }, async () => {
      ran += 1;
      const server = c.server === 'small' ? small : s;
      const answer = await inTime(c.transport === 'socket' ? viaSocket(server, c) : viaInject(server, c), c.name);
      checkAnswer(c, answer);
      assertPrototypeClean();
      await inTime(assertHealthy(c, server), 'the health check');
      held += 1;
    });
  }
});
