// backends: sqlite, postgres
// The integration store as the OAuth checks use it (OAuthPorts), and what it keeps at rest: the consumer key in
// clear, every secret and verifier encrypted, tokens as digests only.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lookupDigest } from '../../src/crypto/index.ts';
import { TEST_BACKEND } from '../helpers/databases.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

const manual = (name: string) => ({
  name,
  email: '',
  endpoint: null,
  identityLinkUrl: null,
  allResources: true,
  resources: [],
});

describe('integration store', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
  });
  after(() => s.close());

  it('finds the consumer by key with its secret decrypted, and the access token by digest', async () => {
    const { id } = await s.keyway.integrations.create(manual('Ports'));
    const { credentials } = await s.keyway.integrations.activate(id);
    const store = s.keyway.integrationStore;
    const consumer = (await store.findConsumerByKey(credentials!.consumerKey))!;
    assert.equal(consumer.secret, credentials!.consumerSecret);
    assert.equal(consumer.updatedAt, null, 'no exchange window was opened');
    assert.equal(await store.findConsumerByKey('0'.repeat(32)), undefined);
    const token = (await store.findTokenByDigest(lookupDigest(credentials!.accessToken)!))!;
    assert.deepEqual(
      { ...token, id: 0 },
      {
        id: 0,
        consumerId: consumer.id,
        type: 'access',
        secret: credentials!.accessTokenSecret,
        verifier: token.verifier,
        revoked: false,
      },
    );
    assert.deepEqual(await store.findTokenOfConsumer(consumer.id), token);
    // An admin's or customer's token is no OAuth token.
    await s.seedAdmin('someone', 'abc12345');
    const adminToken = await s.adminToken('someone', 'abc12345');
    assert.equal(await store.findTokenByDigest(lookupDigest(adminToken)!), undefined);
  });

  it('records a nonce once per consumer, atomically, and forgets it once its timestamp left the window', async () => {
    const store = s.keyway.integrationStore;
    const a = (await store.consumerOf((await s.keyway.integrations.create(manual('NonceA'))).id)).id;
    const b = (await store.consumerOf((await s.keyway.integrations.create(manual('NonceB'))).id)).id;
    const now = Math.floor(s.clock.now() / 1000);
    const racing = await Promise.all([1, 2, 3, 4].map(() => store.recordNonce(a, 'same-nonce', now)));
    assert.deepEqual(racing.filter(Boolean).length, 1);
    assert.equal(await store.recordNonce(b, 'same-nonce', now), true, 'another consumer may use it');
    const long = 'n'.repeat(255);
    assert.equal(await store.recordNonce(a, long, now), true);
    assert.equal(await store.recordNonce(a, long, now), false);
    s.clock.advance(601_000);
    assert.equal(await store.recordNonce(a, 'later', now + 601), true);
    assert.equal(await store.recordNonce(a, 'same-nonce', now), true, 'the old row was purged');
  });

  it('the activation exchange opens the window and reuses its verifier', async () => {
    const store = s.keyway.integrationStore;
    const { id } = await s.keyway.integrations.create(manual('Window'));
    const first = await store.startTokenExchange(id);
    const consumer = await store.consumerOf(id);
    assert.equal(consumer.updatedAt, s.clock.now());
    s.clock.advance(1000);
    const second = await store.startTokenExchange(id);
    assert.equal(second.verifier, first.verifier);
    assert.equal((await store.consumerOf(id)).updatedAt, s.clock.now());
    const row = (await store.findTokenOfConsumer(consumer.id))!;
    assert.equal(row.verifier, first.verifier);
    assert.match(first.verifier, /^[0-9a-z]{32}$/);
  });

  it('no secret, token or verifier is in clear in the SQLite files', {
    skip: TEST_BACKEND !== 'sqlite' && 'reads SQLite files',
  }, async () => {
    const local = await createTestServer();
    const store = local.keyway.integrationStore;
    const manualOne = await local.keyway.integrations.create(manual('Clear'));
    const { credentials } = await local.keyway.integrations.activate(manualOne.id);
    const exchanged = await local.keyway.integrations.create(manual('Exchanged'));
    const { verifier } = await store.startTokenExchange(exchanged.id);
    const consumer = await store.consumerOf(exchanged.id);
    const row = (await store.findTokenOfConsumer(consumer.id))!;
    const request = (await store.issueRequestToken(row.id))!;
    const access = (await store.issueAccessToken(row.id))!;
    const file = local.database.file!;
    await local.app.close();
    await local.keyway.close();
    try {
      const bytes = readdirSync(dirname(file))
        .map((name) => readFileSync(join(dirname(file), name)).toString('latin1'))
        .join('\n');
      const secrets = {
        consumerSecret: credentials!.consumerSecret,
        accessToken: credentials!.accessToken,
        accessTokenSecret: credentials!.accessTokenSecret,
        verifier,
        exchangedConsumerSecret: consumer.secret,
        requestToken: request.token,
        requestSecret: request.secret,
        exchangedAccessToken: access.token,
        exchangedAccessSecret: access.secret,
      };
      for (const [name, value] of Object.entries(secrets)) {
        assert.equal(bytes.includes(value), false, `${name} is in the database in clear`);
      }
      // The search would have found stored values: the key in clear, the token's digest.
      assert.equal(bytes.includes(credentials!.consumerKey), true);
      assert.equal(bytes.includes(createHash('sha256').update(credentials!.accessToken).digest('hex')), true);
    } finally {
      await local.database.drop();
    }
  });
});
