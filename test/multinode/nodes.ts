import { parseKeyList } from '../../src/crypto/index.ts';
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

/** What a cluster may start with besides its customers: a key of its own, settings stored before the nodes start. */
export interface ClusterOptions {
  cryptKey?: string;
  settings?: Readonly<Record<string, string>>;
}

/** Creates customers in a fresh PostgreSQL database, through Keyway's own services and real hasher. */
async function seed(databaseUrl: string, emails: readonly string[], options: ClusterOptions = {}): Promise<void> {
  const keys = options.cryptKey === undefined ? undefined : parseKeyList(options.cryptKey, 'the cluster key');
  const keyway = await createKeyway({ databaseUrl, subscribe: false, ...(keys ? { keys } : {}) });
  try {
    for (const [path, value] of Object.entries(options.settings ?? {})) await keyway.settings.set(path, value);
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
export async function startCluster(
  emails: readonly string[],
  redisUrl?: string,
  options: ClusterOptions = {},
): Promise<Cluster> {
  const database = await createTestDatabase('postgres');
  await seed(database.url, emails, options);
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'info',
    SETTINGS_REFRESH_MS: '200',
    CRYPT_KEY: options.cryptKey,
  };
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
