// Two Keyway nodes on one PostgreSQL: an integration's signed calls work on both; reauthorized through node A's
// REST route, its old access token is refused on node B within a second (measured and printed), and the new
// credentials work on B at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createKeyway } from '../../src/keyway.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';
import { missingService } from '../helpers/services.ts';
import { TEST_KEYS } from '../helpers/test-app.ts';
import { signRequest } from '../integrations/signing.ts';
import { http, type ServerProcess, startServer } from '../network/server-process.ts';

const CRYPT_KEY = '0123456789abcdef0123456789abcdef';
const ADMIN = { username: 'nodeadmin', password: 'Adm1nPassw0rd!' };

interface Creds {
  consumer: { key: string; secret: string };
  token: { key: string; secret: string };
}

/** A signed GET of the store's websites on a node: only the status matters. */
async function signedStatus(node: ServerProcess, creds: Creds): Promise<number> {
  const request = signRequest({ url: `${node.url}/rest/V1/store/websites`, ...creds });
  return (await fetch(request.url, { headers: request.headers })).status;
}

describe('integrations on two nodes sharing PostgreSQL', () => {
  let skip: string | undefined;
  let database: TestDatabase;
  let a: ServerProcess;
  let b: ServerProcess;
  let integrationId: number;
  let creds: Creds;

  before(async () => {
    skip = await missingService('postgres');
    if (skip) return;
    database = await createTestDatabase('postgres');
    const keyway = await createKeyway({ databaseUrl: database.url, keys: TEST_KEYS, subscribe: false });
    try {
      await keyway.admins.createUser({
        ...ADMIN,
        email: 'nodeadmin@example.com',
        firstname: 'Node',
        lastname: 'Admin',
        role: 'Administrators',
      });
      const integration = await keyway.integrations.create({
        name: 'Two nodes',
        email: '',
        endpoint: null,
        identityLinkUrl: null,
        allResources: true,
        resources: [],
      });
      integrationId = integration.id;
      const { credentials } = await keyway.integrations.activate(integration.id);
      assert.ok(credentials);
      creds = {
        consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
        token: { key: credentials.accessToken, secret: credentials.accessTokenSecret },
      };
    } finally {
      await keyway.close();
    }
    const env = { DATABASE_URL: database.url, CRYPT_KEY, LOG_LEVEL: 'info', SETTINGS_REFRESH_MS: '200' };
    [a, b] = await Promise.all([startServer({ env }), startServer({ env })]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
  });

  it('reauthorized on A, the old access token is refused on B within a second; the new one works on B', async (t) => {
    if (skip) return t.skip(skip);
    for (const node of [a, b, b]) assert.equal(await signedStatus(node, creds), 200);
    const login = await http(a.url, 'POST', '/rest/V1/integration/admin/token', { json: ADMIN });
    assert.equal(login.status, 200, login.text);
    const reauthorized = await http(a.url, 'POST', `/rest/V1/integrations/${integrationId}/reauthorize`, {
      token: login.json as string,
    });
    assert.equal(reauthorized.status, 200, reauthorized.text);
    const started = performance.now();
    let refusedAfter = Number.POSITIVE_INFINITY;
    while (performance.now() - started < 3000) {
      if ((await signedStatus(b, creds)) === 401) {
        refusedAfter = performance.now() - started;
        break;
      }
    }
    console.log(
      `integration reauthorize propagation: ${refusedAfter.toFixed(1)} ms from the reauthorize answer on A to the first refusal on B`,
    );
    assert.ok(refusedAfter < 1000, `took ${refusedAfter} ms`);
    const fresh = (reauthorized.json as { credentials: Record<string, string> }).credentials;
    const next: Creds = {
      consumer: { key: fresh.consumer_key!, secret: fresh.consumer_secret! },
      token: { key: fresh.token!, secret: fresh.token_secret! },
    };
    assert.equal(await signedStatus(b, next), 200);
    assert.equal(await signedStatus(a, creds), 401);
  });
});
