// backends: sqlite, postgres
// Durability across a process crash: a server process takes a mixed write load over HTTP (sign-ups, token
// issues, revocations, password changes) with many requests in flight, is killed with SIGKILL in the middle,
// and is started again on the same database. Every write that was answered with 200 must still be there.
//
// SQLite runs in WAL mode with `synchronous = NORMAL` (src/storage/sql/sqlite-driver.ts): a commit is in the
// WAL file, in the operating system's hands, before the statement returns. That survives the death of the
// process, which is what this test is about; it does not survive a power loss or a kernel crash, where the
// last commits before the failure may be lost. PostgreSQL commits with synchronous_commit on.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { UserType } from '../../src/auth/principal.ts';
import { createKeyway } from '../../src/keyway.ts';
import { blankProfile } from '../../src/accounts/customer-profile.ts';
import { formatTimestamp } from '../../src/clock.ts';
import { TEST_BACKEND as backend, createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createFastHasher } from '../helpers/hashers.ts';
import { startServer, type ServerProcess } from '../network/server-process.ts';
import { startWriteLoad, type Ledger, type SeededAccount } from './write-load.ts';

const LOAD_MS = 2500;
const MORE_LOAD_MS = 20_000;
const WORKERS = 24;
const POOL = 40;

const everyKind = (ledger: Ledger): boolean =>
  ledger.created.length > 0 && ledger.issued.length > 0 && ledger.revoked.length > 0 && ledger.changed.length > 0;

/** Accounts and tokens written straight to the database, with a fast hasher, before the server starts. */
async function seed(databaseUrl: string, pools: Record<string, number>): Promise<Record<string, SeededAccount[]>> {
  const keyway = await createKeyway({ databaseUrl, hasher: createFastHasher() });
  try {
    const now = formatTimestamp(Date.now());
    const profile = blankProfile({
      websiteId: 1,
      storeId: 1,
      groupId: 1,
      createdIn: 'Default Store View',
      updatedAt: now,
    });
    const seeded: Record<string, SeededAccount[]> = {};
    for (const [prefix, count] of Object.entries(pools)) {
      seeded[prefix] = [];
      for (let i = 0; i < count; i++) {
        const email = `${prefix}-${i}@example.com`;
        const password = `Seeded-${i}-Passw0rd`;
        const id = await keyway.stores.customers.insert(
          { ...profile, email, firstname: 'Seed', lastname: 'Ed' },
          await keyway.hasher.hash(password),
          now,
        );
        seeded[prefix].push({
          email,
          password,
          token: await keyway.tokens.issue(UserType.CUSTOMER, id, { ip: null, userAgent: null }),
        });
      }
    }
    return seeded;
  } finally {
    await keyway.close();
  }
}

/** Runs `check` over `items` a few at a time (each may cost a password hash on the server). */
async function checkAll<T>(items: readonly T[], check: (item: T) => Promise<boolean>): Promise<number> {
  let held = 0;
  for (let i = 0; i < items.length; i += 8) {
    const results = await Promise.all(items.slice(i, i + 8).map(check));
    held += results.filter(Boolean).length;
  }
  return held;
}

async function call(
  base: string,
  method: string,
  path: string,
  options: { token?: string; json?: unknown } = {},
): Promise<{ status: number; json: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: options.json === undefined ? undefined : JSON.stringify(options.json),
  });
  return { status: response.status, json: await response.json() };
}

const signIn = (base: string, username: string, password: string) =>
  call(base, 'POST', '/rest/V1/integration/customer/token', { json: { username, password } });

/** Checks every answered write against the restarted server; answers how many held, per kind. */
async function verify(base: string, ledger: Ledger) {
  const created = await checkAll(
    ledger.created,
    async ({ email, password }) => (await signIn(base, email, password)).status === 200,
  );
  const issued = await checkAll(ledger.issued, async ({ email, token }) => {
    const me = await call(base, 'GET', '/rest/V1/customers/me', { token });
    return me.status === 200 && (me.json as { email: string }).email === email;
  });
  const revoked = await checkAll(
    ledger.revoked,
    async ({ token }) => (await call(base, 'GET', '/rest/V1/customers/me', { token })).status === 401,
  );
  const changed = await checkAll(ledger.changed, async ({ email, oldPassword, newPassword }) => {
    const fresh = await signIn(base, email, newPassword);
    const stale = await signIn(base, email, oldPassword);
    return fresh.status === 200 && stale.status === 401;
  });
  return { created, issued, revoked, changed };
}

describe(`a SIGKILL in the middle of a write load on ${backend}`, () => {
  let database: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  after(async () => {
    await server?.stop();
    await database?.drop();
  });

  it('loses no answered write', { timeout: 90_000 }, async () => {
    database = await createTestDatabase(backend);
    const { revoke, change, signin } = await seed(database.url, { revoke: POOL, change: POOL, signin: 10 });
    const env = { DATABASE_URL: database.url, LOG_LEVEL: 'info' };
    server = await startServer({ env });
    const load = startWriteLoad(server.url, { revoke: revoke!, change: change!, signIn: signin! }, WORKERS);
    await sleep(LOAD_MS);
    // On a busy machine (argon2id on every sign-up and sign-in) the first seconds may answer only one kind of
    // write; the load goes on until each kind has been answered once, so the kill lands in a mixed load.
    for (let waited = 0; waited < MORE_LOAD_MS && !everyKind(load.ledger); waited += 100) await sleep(100);
    const inFlight = load.inFlight();
    await server.stop('SIGKILL');
    const ledger = await load.done;
    assert.ok(inFlight > 0, 'requests were in flight when the process died');
    assert.deepEqual(ledger.unexpected, [], 'every write was valid');

    server = await startServer({ env });
    const held = await verify(server.url, ledger);
    const answered = ledger.created.length + ledger.issued.length + ledger.revoked.length + ledger.changed.length;
    const found = held.created + held.issued + held.revoked + held.changed;
    console.log(
      `durability on ${backend}: ${answered} writes answered, ${found} found after the crash; ` +
        `${ledger.revoked.length} revocations answered, ${held.revoked} hold ` +
        `(${ledger.created.length} sign-ups, ${ledger.issued.length} tokens, ${ledger.changed.length} password changes; ` +
        `${inFlight} requests in flight at the kill)`,
    );
    assert.ok(
      ledger.created.length > 0 && ledger.issued.length > 0 && ledger.revoked.length > 0 && ledger.changed.length > 0,
      'every kind of write was answered',
    );
    assert.deepEqual(held, {
      created: ledger.created.length,
      issued: ledger.issued.length,
      revoked: ledger.revoked.length,
      changed: ledger.changed.length,
    });
  });
});
