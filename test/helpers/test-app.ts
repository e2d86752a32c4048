// The one test server: a Keyway app built in-process on a fresh database of the backend under test, called
// through inject(). Every suite uses it, those that need a chosen backend, a second node on the same database
// or the domain's log included.
import type { FastifyInstance } from 'fastify';
import { createApp, type HttpOptions } from '../../src/app.ts';
import type { PasswordHasher } from '../../src/auth/password-hasher.ts';
import { blankProfile } from '../../src/accounts/customer-profile.ts';
import { formatTimestamp } from '../../src/clock.ts';
import { createKeyway, type Keyway, type KeywayOptions } from '../../src/keyway.ts';
import type { Logger } from '../../src/logger.ts';
import { parseKeyList } from '../../src/crypto/index.ts';
import { FixedClock } from './clock.ts';
import { TEST_BACKEND, createTestDatabase, type Backend, type TestDatabase } from './databases.ts';
import { ADMIN, CUSTOMER } from './fixtures.ts';
import { countVerifications, createFastHasher } from './hashers.ts';
import { recordingLogger, type LogEntry } from './recording-logger.ts';

export { ADMIN, CUSTOMER, type LogEntry };

export const TOKEN_URLS = {
  customer: '/rest/V1/integration/customer/token',
  admin: '/rest/V1/integration/admin/token',
} as const;

export interface TestServerOptions {
  /** The database backend; by default the run's (`KEYWAY_TEST_DATABASE`). */
  backend?: Backend;
  /** Another node's database: this server joins it, and leaves dropping it to the node that made it. */
  shared?: TestDatabase;
  /** A real argon2id hasher for the timing suites; by default a fast one. Either way its checks are counted. */
  hasher?: PasswordHasher;
  /** Share one clock between two nodes; by default a fresh fixed clock. */
  clock?: FixedClock;
  /** Keyway's domain logger; by default one that records into `log`. */
  logger?: Logger;
  http?: HttpOptions;
  keyway?: Partial<KeywayOptions>;
}

export interface TestServer {
  keyway: Keyway;
  app: FastifyInstance;
  clock: FixedClock;
  database: TestDatabase;
  verifications: ReturnType<typeof countVerifications>;
  /** What the domain logged (login failures, locks, throttling), in order, unless a logger was given. */
  log: LogEntry[];
  call(method: string, url: string, options?: CallOptions): Promise<CallResult>;
  /** Logs in through the API and answers the token. */
  customerToken(email?: string, password?: string): Promise<string>;
  adminToken(username?: string, password?: string): Promise<string>;
  /** A token request as it comes from `remoteAddress`, answered whatever its status. */
  login(
    kind: keyof typeof TOKEN_URLS,
    username: string,
    password: string,
    remoteAddress?: string,
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }>;
  seedCustomer(fields?: Partial<typeof CUSTOMER>): Promise<number>;
  seedAdmin(username: string, password: string, role?: string): Promise<number>;
  close(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  json?: unknown;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  text: string;
  headers: Record<string, unknown>;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

/** The key every test node uses unless a test names its own: nodes sharing a database must share it too. */
export const TEST_KEYS = parseKeyList('0123456789abcdef0123456789abcdef', 'the test key');

/** A Keyway app on a fresh database with a fast real hasher and a fixed clock, called through inject(). */
export async function createTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = options.shared ?? (await createTestDatabase(options.backend ?? TEST_BACKEND));
  const clock = options.clock ?? new FixedClock();
  const verifications = countVerifications(options.hasher ?? createFastHasher());
  const recorder = recordingLogger();
  const keyway = await createKeyway({
    databaseUrl: database.url,
    hasher: verifications.hasher,
    clock,
    logger: options.logger ?? recorder.logger,
    keys: TEST_KEYS,
    ...options.keyway,
  });
  const app = createApp(keyway, options.http);
  await app.ready();

  const call: TestServer['call'] = async (method, url, callOptions = {}) => {
    const headers: Record<string, string> = { ...callOptions.headers };
    if (callOptions.token !== undefined) headers.authorization = `Bearer ${callOptions.token}`;
    let payload = callOptions.body;
    if (callOptions.json !== undefined) {
      payload = JSON.stringify(callOptions.json);
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.inject({ method: method as 'GET', url, headers, payload });
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      json = undefined;
    }
    return { status: response.statusCode, text: response.body, headers: response.headers, json };
  };

  const server: TestServer = {
    keyway,
    app,
    clock,
    database,
    verifications,
    log: recorder.entries,
    call,
    async customerToken(email = CUSTOMER.email, password = CUSTOMER.password) {
      const response = await call('POST', '/rest/V1/integration/customer/token', {
        json: { username: email, password },
      });
      if (response.status !== 200) throw new Error(`customer login failed: ${response.status} ${response.text}`);
      return response.json as string;
    },
    async adminToken(username = ADMIN.username, password = ADMIN.password) {
      const response = await call('POST', '/rest/V1/integration/admin/token', { json: { username, password } });
      if (response.status !== 200) throw new Error(`admin login failed: ${response.status} ${response.text}`);
      return response.json as string;
    },
    async login(kind, username, password, remoteAddress = '127.0.0.1') {
      const response = await app.inject({
        method: 'POST',
        url: TOKEN_URLS[kind],
        remoteAddress,
        payload: { username, password },
      });
      return { status: response.statusCode, body: response.body, headers: response.headers };
    },
    async seedCustomer(fields = {}) {
      const customer = { ...CUSTOMER, ...fields };
      const now = formatTimestamp(clock.now());
      const profile = blankProfile({
        websiteId: 1,
        storeId: 1,
        groupId: 1,
        createdIn: 'Default Store View',
        updatedAt: now,
      });
      return keyway.stores.customers.insert(
        { ...profile, email: customer.email, firstname: customer.firstname, lastname: customer.lastname },
        await keyway.hasher.hash(customer.password),
        now,
      );
    },
    seedAdmin(username, password, role = 'Administrators') {
      return keyway.admins.createUser({
        username,
        password,
        email: `${username}@example.com`,
        firstname: 'Web',
        lastname: 'Api',
        role,
      });
    },
    async close() {
      await app.close();
      await keyway.close();
      if (!options.shared) await database.drop();
    },
  };
  return server;
}
