// backends: sqlite, postgres
// The in-process caches never answer stale. Each cached fact (a token's owner, the customer record, the admin
// role's resources, the owner's active flag) is first read twice through node A, so the cache holds it; then
// another process changes it (the command line, or a second server process on the same database) and A's
// next request must see the change. On SQLite, "next" is literal: A checks SQLite's data_version before any
// cached answer. On PostgreSQL the change reaches A through the revocation broadcast, which the other process
// sends before it answers; A gets a second to receive it, as between any two nodes.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_BACKEND } from '../helpers/databases.ts';
import { createTestServer, CUSTOMER, type CallResult, type TestServer } from '../helpers/test-app.ts';
import { runCli, startServer, type ServerProcess } from '../network/server-process.ts';

const TEST_KEY = '0123456789abcdef0123456789abcdef';
const GRACE_MS = TEST_BACKEND === 'sqlite' ? 0 : 1000;

/** Calls until `done` holds or the grace period is over; on SQLite exactly one call. */
async function nextAnswer(call: () => Promise<CallResult>, done: (result: CallResult) => boolean): Promise<CallResult> {
  const until = Date.now() + GRACE_MS;
  for (;;) {
    const result = await call();
    if (done(result) || Date.now() >= until) return result;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function cli(databaseUrl: string, args: string[]): Promise<void> {
  const result = await runCli(databaseUrl, args, { CRYPT_KEY: TEST_KEY });
  assert.equal(result.code, 0, result.stderr);
}

describe(`caches stay fresh when another process changes the data (${TEST_BACKEND})`, () => {
  let a: TestServer;
  let b: ServerProcess;

  before(async () => {
    a = await createTestServer();
    await a.keyway.admins.createRole('Viewers', ['Magento_Customer::customer']);
    b = await startServer({ env: { DATABASE_URL: a.database.url, CRYPT_KEY: TEST_KEY } });
  });

  after(async () => {
    await b?.stop();
    await a?.close();
  });

  /** Twice through A, so the second answer came from its caches. */
  async function warm(url: string, token: string): Promise<CallResult> {
    await a.call('GET', url, { token });
    const second = await a.call('GET', url, { token });
    assert.equal(second.status, 200, second.text);
    return second;
  }

  it('a token revoked through another node is refused on the next request', async () => {
    await a.seedCustomer({ email: 'revoked@example.com' });
    const token = await a.customerToken('revoked@example.com');
    await warm('/rest/V1/customers/me', token);
    const revoke = await fetch(`${b.url}/rest/V1/integration/token/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(revoke.status, 200, await revoke.text());
    const next = await nextAnswer(
      () => a.call('GET', '/rest/V1/customers/me', { token }),
      (r) => r.status === 401,
    );
    assert.equal(next.status, 401, next.text);
  });

  it('a customer disabled from the command line is refused on the next request', async () => {
    await a.seedCustomer({ email: 'disabled@example.com' });
    const token = await a.customerToken('disabled@example.com');
    await warm('/rest/V1/customers/me', token);
    await cli(a.database.url, ['customer:disable', 'disabled@example.com']);
    const next = await nextAnswer(
      () => a.call('GET', '/rest/V1/customers/me', { token }),
      (r) => r.status === 401,
    );
    assert.equal(next.status, 401, next.text);
  });

  it('a customer updated through another node is answered as updated on the next request', async () => {
    const id = await a.seedCustomer({ email: 'renamed@example.com' });
    const token = await a.customerToken('renamed@example.com');
    const before = await warm('/rest/V1/customers/me', token);
    assert.equal((before.json as { firstname: string }).firstname, CUSTOMER.firstname);
    const update = await fetch(`${b.url}/rest/V1/customers/me`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        customer: {
          id,
          email: 'renamed@example.com',
          firstname: 'Renamed',
          lastname: CUSTOMER.lastname,
          website_id: 1,
        },
      }),
    });
    assert.equal(update.status, 200, await update.text());
    const next = await nextAnswer(
      () => a.call('GET', '/rest/V1/customers/me', { token }),
      (r) => (r.json as { firstname?: string }).firstname === 'Renamed',
    );
    assert.equal((next.json as { firstname: string }).firstname, 'Renamed');
  });

  it("an admin role narrowed from the command line judges the admin's next request", async () => {
    const customerId = await a.seedCustomer({ email: 'looked-at@example.com' });
    await a.seedAdmin('viewer', 'viewer123pass', 'Viewers');
    const token = await a.adminToken('viewer', 'viewer123pass');
    await warm(`/rest/V1/customers/${customerId}`, token);
    await cli(a.database.url, ['admin:role:update', '--name', 'Viewers', '--resources', 'Magento_Customer::group']);
    const next = await nextAnswer(
      () => a.call('GET', `/rest/V1/customers/${customerId}`, { token }),
      (r) => r.status !== 200,
    );
    assert.equal(next.status, 401, next.text);
    assert.match(next.text, /Magento_Customer::customer/);
  });
});
