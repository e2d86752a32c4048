// backends: sqlite, postgres
// The key check at start-up, through createKeyway on a real database: a node with another key refuses to start
// with one clear line; a list that appends a key to the known one is a rotation and starts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { KeyMismatchError, parseKeyList } from '../../src/crypto/index.ts';
import { createKeyway } from '../../src/keyway.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createFastHasher } from '../helpers/hashers.ts';

const OLD = 'a'.repeat(32);
const NEW = 'b'.repeat(32);
const OTHER = 'c'.repeat(32);

describe('the key check at start-up', () => {
  let database: TestDatabase;
  before(async () => {
    database = await createTestDatabase();
  });
  after(() => database.drop());

  const start = async (material: string) => {
    const keyway = await createKeyway({
      databaseUrl: database.url,
      hasher: createFastHasher(),
      keys: parseKeyList(material, 'the test'),
    });
    return keyway;
  };

  it('claims the check value on the first start and encrypts under the current key', async () => {
    const keyway = await start(OLD);
    try {
      const sealed = keyway.secrets.encrypt('consumer secret');
      assert.ok(!sealed.includes('consumer secret'));
      assert.equal(keyway.secrets.decrypt(sealed), 'consumer secret');
      assert.match((await keyway.stores.keyCheck.read()) ?? '', /^kwc1:[0-9a-f]{32}$/);
    } finally {
      await keyway.close();
    }
  });

  it('refuses to start with another key, in one line that says what to do', async () => {
    const refusal = await start(OTHER).then(
      () => assert.fail('a node with another key started'),
      (error: unknown) => error,
    );
    assert.ok(refusal instanceof KeyMismatchError, `expected KeyMismatchError, got ${String(refusal)}`);
    assert.equal(refusal.message.split('\n').length, 1);
    assert.match(refusal.message, /does not match the one this database was set up with/);
    assert.match(refusal.message, /CRYPT_KEY/);
  });

  it('starts with the known key followed by a new one, keeps old secrets readable, then knows only the new key', async () => {
    const first = await start(OLD);
    const sealedUnderOld = first.secrets.encrypt('kept across the rotation');
    await first.close();

    const rotated = await start(`${OLD}\n${NEW}`);
    try {
      assert.equal(rotated.secrets.decrypt(sealedUnderOld), 'kept across the rotation');
    } finally {
      await rotated.close();
    }
    // The database now holds the new key's check value: the new key alone starts, the old one alone does not.
    await (await start(NEW)).close();
    await assert.rejects(start(OLD), KeyMismatchError);
  });
});
