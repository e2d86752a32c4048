// A Keyway app on a chosen backend, for the security suites that must hold on SQLite and PostgreSQL alike
// within one run (the test helper picks its backend once per process, from KEYWAY_TEST_DATABASE).
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { blankProfile } from '../../src/accounts/customer-profile.ts';
import { createApp } from '../../src/app.ts';
import type { PasswordHasher } from '../../src/auth/password-hasher.ts';
import { formatTimestamp } from '../../src/clock.ts';
import { createKeyway, type Keyway } from '../../src/keyway.ts';
import type { Logger } from '../../src/logger.ts';
import { FixedClock } from '../helpers/clock.ts';
import { POSTGRES_ADMIN_URL, createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { countVerifications, createFastHasher } from '../helpers/hashers.ts';

export type Backend = 'sqlite' | 'postgres';

export const TOKEN_URLS = {
  customer: '/rest/V1/integration/customer/token',
  admin: '/rest/V1/integration/admin/token',
} as const;

/** One logged event: the fields and the message. */
export type LogEntry = Record<string, unknown> & { level: 'info' | 'warn' | 'error'; msg?: string };

export interface BackendServer {
  keyway: Keyway;
  app: FastifyInstance;
  clock: FixedClock;
  database: TestDatabase;
  verifications: ReturnType<typeof countVerifications>;
  /** Everything the domain logged (login events), in order. */
  log: LogEntry[];
  /** A token request from a given client address. */
  login(
    kind: keyof typeof TOKEN_URLS,
    username: string,
    password: string,
    remoteAddress?: string,
  ): Promise<{ status: number; body: string; headers: Record<string, unknown> }>;
  seedCustomer(email: string, password: string): Promise<number>;
  seedAdmin(username: string, password: string): Promise<number>;
  close(): Promise<void>;
}

/** The backends this run covers: SQLite always, PostgreSQL when a server answers (required under CI=true). */
export async function backendsToTest(): Promise<Backend[]> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return ['sqlite', 'postgres'];
  } catch {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL}, and CI=true`);
    console.log(`security suites: PostgreSQL not reachable at ${POSTGRES_ADMIN_URL}; SQLite only`);
    return ['sqlite'];
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A server on `backend`: a fresh database, or `shared` (another node's), with a fixed clock and a counted
 * fast hasher unless one is given. A node on a shared database leaves dropping it to the first.
 */
export async function startOn(
  backend: Backend,
  options: { shared?: TestDatabase; clock?: FixedClock; hasher?: PasswordHasher } = {},
): Promise<BackendServer> {
  const database = options.shared ?? (await createTestDatabase(backend));
  const clock = options.clock ?? new FixedClock();
  const verifications = countVerifications(options.hasher ?? createFastHasher());
  const log: LogEntry[] = [];
  const logger: Logger = {
    info: (fields, msg) => log.push({ ...fields, level: 'info', msg }),
    warn: (fields, msg) => log.push({ ...fields, level: 'warn', msg }),
    error: (fields, msg) => log.push({ ...fields, level: 'error', msg }),
  };
  const keyway = await createKeyway({ databaseUrl: database.url, hasher: verifications.hasher, clock, logger });
  const app = createApp(keyway);
  await app.ready();
  return {
    keyway,
    app,
    clock,
    database,
    verifications,
    log,
    async login(kind, username, password, remoteAddress = '127.0.0.1') {
      const response = await app.inject({
        method: 'POST',
        url: TOKEN_URLS[kind],
        remoteAddress,
        payload: { username, password },
      });
      return { status: response.statusCode, body: response.body, headers: response.headers };
    },
    async seedCustomer(email, password) {
      const now = formatTimestamp(clock.now());
      const profile = blankProfile({
        websiteId: 1,
        storeId: 1,
        groupId: 1,
        createdIn: 'Default Store View',
        updatedAt: now,
      });
      return keyway.stores.customers.insert(
        { ...profile, email, firstname: 'Brute', lastname: 'Force' },
        await keyway.hasher.hash(password),
        now,
      );
    },
    seedAdmin(username, password) {
      return keyway.admins.createUser({
        username,
        password,
        email: `${username}@example.com`,
        firstname: 'Web',
        lastname: 'Api',
        role: 'Administrators',
      });
    },
    async close() {
      await app.close();
      await keyway.close();
      if (!options.shared) await database.drop();
    },
  };
}
