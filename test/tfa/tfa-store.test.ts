// backends: sqlite, postgres
// The two-factor store on each backend: one secret kept when two first reads race, and a time step claimed by
// exactly one of many concurrent checks, which is what makes a code single-use across nodes.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { ADMIN, createTestServer, type TestServer } from '../helpers/test-app.ts';

let s: TestServer;
let adminId: number;
before(async () => {
  s = await createTestServer();
  adminId = await s.seedAdmin(ADMIN.username, ADMIN.password);
});
after(async () => {
  await s.close();
});

it('keeps the first secret when claims race, and replaces it only on purpose', async () => {
  const store = s.keyway.stores.tfa;
  const rows = await Promise.all(
    ['kw-a', 'kw-b', 'kw-c'].map((secret) => store.claimSecret(adminId, 'google', secret)),
  );
  assert.equal(new Set(rows.map((row) => row.secret)).size, 1);
  assert.equal(rows[0]!.active, false);
  assert.equal(await store.activate(adminId, 'google'), true);
  assert.equal(await store.activate(adminId, 'google'), false);
  await store.replaceSecret(adminId, 'google', 'kw-new');
  assert.deepEqual(await store.find(adminId, 'google'), { secret: 'kw-new', active: true });
  assert.equal(await store.reset(adminId, 'google'), true);
  assert.equal(await store.find(adminId, 'google'), undefined);
});

it('lets exactly one of 20 concurrent checks claim a time step, and no earlier step after it', async () => {
  const store = s.keyway.stores.tfa;
  await store.claimSecret(adminId, 'google', 'kw-x');
  const claims = await Promise.all(Array.from({ length: 20 }, () => store.claimTimeStep(adminId, 'google', 1000)));
  assert.equal(claims.filter(Boolean).length, 1);
  assert.equal(await store.claimTimeStep(adminId, 'google', 999), false);
  assert.equal(await store.claimTimeStep(adminId, 'google', 1001), true);
});

it('keeps the default provider and provider codes per admin', async () => {
  const store = s.keyway.stores.tfa;
  assert.equal(await store.defaultProvider(adminId), '');
  await store.setProviders(adminId, ['google']);
  await store.setDefaultProvider(adminId, 'google');
  assert.equal(await store.defaultProvider(adminId), 'google');
});
