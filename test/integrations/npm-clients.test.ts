// Magento REST clients from npm against Keyway as users run it: `npm start`'s dist/main.js on a port, and the
// credentials printed by `keyway integration:activate` run as a process. magento-api-rest (SHA-1 by default,
// and SHA-256) and magento2-rest-client (/index.php/rest/V1, SHA-1) read a customer by id and search customers
// with filters; after `keyway integration:reauthorize` the old credentials get 401 and the new ones work.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { createKeyway } from '../../src/keyway.ts';
import { CUSTOMER, TEST_KEYS } from '../helpers/test-app.ts';
import { type ServerProcess, runCli, startServer, tempWorkspace } from '../network/server-process.ts';
import { signRequest } from './signing.ts';

const require = createRequire(import.meta.url);
// magento-api-rest is CommonJS with a Babel default export; magento2-rest-client's RestClient is what its
// Magento2Client wraps (whose own helpers cover products and categories only).
const MagentoRestApi = require('magento-api-rest').default;
const { RestClient } = require('magento2-rest-client/lib/rest_client.js');
const CRYPT_KEY = '0123456789abcdef0123456789abcdef';

interface Printed {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

/** The four `name: value` lines `integration:activate` and `integration:reauthorize` print. */
function credentialsFrom(stdout: string): Printed {
  const value = (name: string) => {
    const match = stdout.match(new RegExp(`^${name}: ([0-9a-z]{32})$`, 'm'));
    assert.ok(match, `no ${name} line in: ${stdout}`);
    return match[1]!;
  };
  return {
    consumerKey: value('consumer_key'),
    consumerSecret: value('consumer_secret'),
    accessToken: value('access_token'),
    accessTokenSecret: value('access_token_secret'),
  };
}

interface CustomerJson {
  id: number;
  email: string;
}

describe('npm Magento clients with credentials from `keyway integration:activate`', () => {
  const workspace = tempWorkspace('keyway-clients-');
  const cli = (args: string[]) => runCli(workspace.databaseUrl, args, { CRYPT_KEY });
  let server: ServerProcess;
  let customerId: number;
  let first: Printed;

  before(async () => {
    // The customer, through Keyway's own service, before the server starts.
    const keyway = await createKeyway({ databaseUrl: workspace.databaseUrl, keys: TEST_KEYS, subscribe: false });
    try {
      const store = keyway.stores.directory.views[1]!;
      const customer = await keyway.customers.createAccount(
        { email: CUSTOMER.email, firstname: CUSTOMER.firstname, lastname: CUSTOMER.lastname },
        'Passw0rd!',
        store,
        false,
      );
      customerId = (customer as { id: number }).id;
    } finally {
      await keyway.close();
    }
    const created = await cli(['integration:create', '--name', 'Storefront Sync', '--all-resources']);
    assert.equal(created.code, 0, created.stderr);
    const activated = await cli(['integration:activate', 'Storefront Sync']);
    assert.equal(activated.code, 0, activated.stderr);
    first = credentialsFrom(activated.stdout);
    server = await startServer({ env: { DATABASE_URL: workspace.databaseUrl, CRYPT_KEY, LOG_LEVEL: 'info' } });
  });
  after(async () => {
    await server?.stop();
    workspace.remove();
  });

  const apiRest = (creds: Printed, sha?: 256) =>
    new MagentoRestApi({ url: server.url, ...creds, tokenSecret: creds.accessTokenSecret, ...(sha ? { sha } : {}) });
  const restClient = (creds: Printed) =>
    RestClient({ url: `${server.url}/index.php/rest`, version: 'V1', ...creds }) as {
      get(resource: string): Promise<unknown>;
    };
  const searchPath =
    'customers/search?searchCriteria[filterGroups][0][filters][0][field]=email' +
    `&searchCriteria[filterGroups][0][filters][0][value]=${encodeURIComponent(CUSTOMER.email)}` +
    '&searchCriteria[filterGroups][0][filters][0][conditionType]=eq';

  /** Both clients, every call: a customer by id, and a filtered search that finds exactly that customer. */
  async function allCallsWork(creds: Printed): Promise<void> {
    for (const sha of [undefined, 256] as const) {
      const client = apiRest(creds, sha);
      const byId = await client.get(`customers/${customerId}`);
      assert.equal((byId.data as CustomerJson).email, CUSTOMER.email, `magento-api-rest sha ${sha ?? 1}`);
      const search = await client.get('customers/search', {
        $perPage: 5,
        email: CUSTOMER.email,
      });
      const found = search.data as { items: CustomerJson[]; total_count: number };
      assert.equal(found.total_count, 1, JSON.stringify(found));
      assert.equal(found.items[0]!.id, customerId);
    }
    const client = restClient(creds);
    assert.equal(((await client.get(`/customers/${customerId}`)) as CustomerJson).email, CUSTOMER.email);
    const found = (await client.get(`/${searchPath}`)) as { items: CustomerJson[]; totalCount: number };
    assert.equal(found.totalCount, 1);
    assert.equal(found.items[0]!.id, customerId);
  }

  /** Every call of both clients is refused with the body of an unknown access token. */
  async function allCallsRefused(creds: Printed): Promise<void> {
    for (const sha of [undefined, 256] as const) {
      const client = apiRest(creds, sha);
      for (const call of [
        () => client.get(`customers/${customerId}`),
        () => client.get('customers/search', { email: CUSTOMER.email }),
      ]) {
        await assert.rejects(call(), (error: { response?: { status: number; data: unknown } }) => {
          assert.equal(error.response?.status, 401);
          assert.deepEqual(error.response?.data, { message: 'Specified token does not exist' });
          return true;
        });
      }
    }
    // magento2-rest-client rejects with the message alone; the status is checked with the same credentials.
    const client = restClient(creds);
    for (const resource of [`/customers/${customerId}`, `/${searchPath}`]) {
      await assert.rejects(client.get(resource), (message: unknown) => message === 'Specified token does not exist');
    }
    const request = signRequest({
      url: `${server.url}/index.php/rest/V1/customers/${customerId}`,
      consumer: { key: creds.consumerKey, secret: creds.consumerSecret },
      token: { key: creds.accessToken, secret: creds.accessTokenSecret },
      sha: 'HMAC-SHA1',
    });
    assert.equal((await fetch(request.url, { headers: request.headers })).status, 401);
  }

  it('both clients read a customer by id and search with filters', async () => {
    await allCallsWork(first);
  });

  it('after `keyway integration:reauthorize` the old credentials get 401 and the printed new ones work', async () => {
    const reauthorized = await cli(['integration:reauthorize', 'Storefront Sync']);
    assert.equal(reauthorized.code, 0, reauthorized.stderr);
    const second = credentialsFrom(reauthorized.stdout);
    assert.equal(second.consumerKey, first.consumerKey, 'the consumer stays');
    assert.notEqual(second.accessToken, first.accessToken);
    await allCallsRefused(first);
    await allCallsWork(second);
  });
});
