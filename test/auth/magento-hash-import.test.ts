// backends: sqlite, postgres
// Accounts imported from Magento keep their password hashes: version 1 (sha256) and 3_32_2_67108864 (argon2id)
// verify, and the next login rehashes them in Keyway's own format.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createArgon2idHasher } from '../../src/auth/password-hasher.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';
import { sharedFixture, skipWithoutFixture } from '../helpers/shared-fixtures.ts';

const FIXTURE = sharedFixture('magento/password-hashes.json');

interface Vector {
  stored: string;
  password: string;
}

/** A version-1 hash made here with Magento's formula, so this test needs nothing from outside the repository. */
function sha256Vector(password: string, salt: string): Vector {
  return {
    stored: `${createHash('sha256')
      .update(salt + password)
      .digest('hex')}:${salt}:1`,
    password,
  };
}

describe('Magento password hashes', () => {
  let s: TestServer;
  before(async () => {
    // The real hasher: rehashing must produce the production format.
    s = await createTestServer({ hasher: createArgon2idHasher() });
  });
  after(() => s.close());

  async function importCustomer(email: string, stored: string): Promise<number> {
    const id = await s.seedCustomer({ email, password: 'placeholder-not-used' });
    await s.keyway.stores.customers.rehashPassword(id, stored);
    return id;
  }

  async function checkImported(email: string, vector: Vector, wrong: string) {
    const id = await importCustomer(email, vector.stored);
    const refused = await s.call('POST', '/rest/V1/integration/customer/token', {
      json: { username: email, password: wrong },
    });
    assert.equal(refused.status, 401);
    assert.equal(
      (await s.keyway.stores.customers.findById(id))?.password_hash,
      vector.stored,
      'a failure changes nothing',
    );
    const token = await s.customerToken(email, vector.password);
    assert.equal((await s.call('GET', '/rest/V1/customers/me', { token })).status, 200);
    const rehashed = (await s.keyway.stores.customers.findById(id))?.password_hash ?? '';
    assert.match(rehashed, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    await s.customerToken(email, vector.password);
  }

  it("a version 1 (sha256) hash made with Magento's formula verifies and is rehashed", async () => {
    await checkImported(
      'sha256@example.com',
      sha256Vector('Customer#2019', 'Zt1bX9qLm2Pf8RwJ4sVc7NdKa0HgYe3u'),
      'Customer#2020',
    );
  });

  it('an admin imported with a Magento hash signs in and is rehashed', async () => {
    await s.seedAdmin('imported_admin', 'placeholder1');
    const admin = await s.keyway.stores.admins.findByUsername('imported_admin');
    const vector = sha256Vector('Admin#2019', 'abcdefghabcdefghabcdefghabcdefgh');
    await s.keyway.stores.admins.rehashPassword(admin!.user_id, vector.stored);
    const token = await s.adminToken('imported_admin', vector.password);
    assert.match(token, /^[0-9a-z]{32}$/);
    assert.match((await s.keyway.stores.admins.findByUsername('imported_admin'))!.password_hash, /^\$argon2id\$/);
  });

  it("Magento's own hashes (shared fixtures): every vector verifies and is rehashed", async (t) => {
    if (skipWithoutFixture(t, FIXTURE)) return;
    const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { vectors: Vector[]; wrong_password_for_each: string };
    assert.ok(fixture.vectors.some((vector) => vector.stored.endsWith(':3_32_2_67108864')));
    assert.ok(fixture.vectors.some((vector) => vector.stored.endsWith(':1')));
    for (const [index, vector] of fixture.vectors.entries()) {
      await checkImported(`fixture${index}@example.com`, vector, fixture.wrong_password_for_each);
    }
  });
});
