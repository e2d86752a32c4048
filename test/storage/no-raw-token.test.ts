// backends: sqlite, postgres
// SPEC section 2: tokens are stored only as SHA-256 digests; the raw token exists in the response alone.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import { createKeyway } from '../../src/keyway.ts';
import { TEST_BACKEND } from '../helpers/databases.ts';
import { ADMIN, TEST_KEYS, createTestServer } from '../helpers/test-app.ts';

it('the database files hold the digests of issued tokens and never the tokens', {
  skip: TEST_BACKEND !== 'sqlite' && 'reads SQLite files',
}, async () => {
  const s = await createTestServer();
  await s.seedCustomer();
  await s.seedAdmin(ADMIN.username, ADMIN.password);
  const tokens = [await s.customerToken(), await s.customerToken(), await s.adminToken()];
  // A revoked token must not linger either.
  await s.call('POST', '/rest/V1/integration/customer/revoke-customer-token', { token: tokens[0] });
  tokens.push(await s.customerToken());
  const file = s.database.file!;
  await s.app.close();
  await s.keyway.close();

  // Every file of the database: the main file and, while they exist, its write-ahead log and shared memory.
  const bytes = readdirSync(dirname(file))
    .map((name) => readFileSync(join(dirname(file), name)).toString('latin1'))
    .join('\n');
  for (const token of tokens) {
    assert.equal(bytes.includes(token), false, 'a raw token is in the database');
    assert.equal(bytes.includes(token.toUpperCase()), false);
  }
  const liveDigest = createHash('sha256').update(tokens[3]!).digest('hex');
  assert.equal(bytes.includes(liveDigest), true, 'the search would have found a stored value');

  const reopened = await createKeyway({ databaseUrl: `sqlite:${file}`, keys: TEST_KEYS });
  try {
    const principal = await reopened.tokens.authenticate(tokens[3]);
    assert.equal(principal.kind, 'customer', 'the digest is enough to recognise the token');
  } finally {
    await reopened.close();
    await s.database.drop();
  }
});

it('no table row holds an issued token, only its digest (any backend)', async () => {
  const s = await createTestServer();
  try {
    await s.seedCustomer();
    const tokens = [await s.customerToken(), await s.customerToken()];
    const tables = ['oauth_token', 'customer_entity', 'admin_user', 'oauth_token_request_log', 'core_config_data'];
    let dump = '';
    for (const table of tables) {
      // Every column of every row, as text, whatever the database.
      for (const row of await s.keyway.stores.driver.all<Record<string, unknown>>(`SELECT * FROM ${table}`)) {
        dump += `${JSON.stringify(row)}\n`;
      }
    }
    for (const token of tokens) assert.equal(dump.includes(token), false);
    assert.equal(dump.includes(createHash('sha256').update(tokens[1]!).digest('hex')), true);
  } finally {
    await s.close();
  }
});
