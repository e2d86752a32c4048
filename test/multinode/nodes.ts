import { createKeyway } from '../../src/keyway.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { http, startServer, type ServerProcess } from '../network/server-process.ts';

export const PASSWORD = 'Passw0rd!';

export interface Cluster {
  database: TestDatabase;
  a: ServerProcess;
  b: ServerProcess;
  stop(): Promise<void>;
}

/** Creates customers in a fresh PostgreSQL database, through Keyway's own services and real hasher. */
async function seed(databaseUrl: string, emails: readonly string[]): Promise<void> {
  const keyway = await createKeyway({ databaseUrl, subscribe: false });
  try {
    for (const email of emails) {
      await keyway.customers.createAccount(
        { email, firstname: 'Node', lastname: 'Test' },
        PASSWORD,
        keyway.stores.directory.views[1]!,
        false,
      );
    }
  } finally {
    await keyway.close();
  }
}

/** Two Keyway server processes on their own ports, sharing one fresh PostgreSQL database (and Redis when given). */
export async function startCluster(emails: readonly string[], redisUrl?: string): Promise<Cluster> {
  const database = await createTestDatabase('postgres');
  await seed(database.url, emails);
  const env = { DATABASE_URL: database.url, REDIS_URL: redisUrl, LOG_LEVEL: 'info', SETTINGS_REFRESH_MS: '200' };
  const [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  return {
    database,
    a,
    b,
    async stop() {
      await Promise.all([a.stop(), b.stop()]);
      await database.drop();
    },
  };
}

export async function login(node: ServerProcess, email: string, password = PASSWORD) {
  return http(node.url, 'POST', '/rest/V1/integration/customer/token', { json: { username: email, password } });
}

export async function meStatus(node: ServerProcess, token: string): Promise<number> {
  return (await http(node.url, 'GET', '/rest/V1/customers/me', { token })).status;
}

/** Milliseconds from now until `node` first refuses the token, polling; Infinity if it never does within `limitMs`. */
export async function msUntilRefused(node: ServerProcess, token: string, limitMs = 3000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < limitMs) {
    if ((await meStatus(node, token)) === 401) return performance.now() - started;
  }
  return Infinity;
}

/** How many password verifications a node made for a username: each `login_failed` line follows one. */
export function verificationsLogged(node: ServerProcess, username: string): number {
  return node.lines.filter((line) => {
    try {
      const entry = JSON.parse(line) as { event?: string; username?: string };
      return entry.event === 'login_failed' && entry.username === username;
    } catch {
      return false;
    }
  }).length;
}
