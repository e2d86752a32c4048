// backends: sqlite, postgres
// An integration's access token as a standalone Bearer token (Magento 2.4.4+): a guest while
// `oauth/consumer/enable_integration_as_bearer` is 0, the integration's ACL when it is 1; never `self`.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { UserType } from '../../src/auth/principal.ts';
import { IntegrationStatus } from '../../src/integrations/integration.ts';
import { notAuthorized } from '../helpers/magento-bodies.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

const FLAG = 'oauth/consumer/enable_integration_as_bearer';
const CUSTOMER_READ = 'Magento_Customer::customer';

describe('integration access token as a Bearer token', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
  });
  after(() => s.close());
  beforeEach(() => s.keyway.settings.set(FLAG, '1'));

  /** Creates and activates (no endpoint) an integration; answers its id and access token. */
  async function activeIntegration(name: string, resources: string[] | 'all') {
    const integration = await s.keyway.integrations.create({
      name,
      email: '',
      endpoint: null,
      identityLinkUrl: null,
      allResources: resources === 'all',
      resources: resources === 'all' ? [] : resources,
    });
    const { credentials } = await s.keyway.integrations.activate(integration.id);
    return { id: integration.id, token: credentials!.accessToken };
  }
  const readCustomer = (token: string) => s.call('GET', '/rest/V1/customers/1', { token });
  const emailAvailable = (token: string) =>
    s.call('POST', '/rest/V1/customers/isEmailAvailable', { token, json: { customerEmail: 'new@example.com' } });

  it('flag off (the default): a guest, 401 naming the resource on an ACL route, 200 on an anonymous one', async () => {
    const { token } = await activeIntegration('Off', 'all');
    await s.keyway.settings.set(FLAG, '0');
    const refused = await readCustomer(token);
    assert.equal(refused.status, 401);
    assert.deepEqual(refused.json, notAuthorized(CUSTOMER_READ));
    const open = await emailAvailable(token);
    assert.equal(open.status, 200);
    assert.equal(open.text, 'true');
    assert.equal((await s.keyway.tokens.authenticate(token)).kind, 'guest');
  });

  it('flag on: an all-resources integration reaches ACL routes but never `self` nor `authenticated`', async () => {
    const { id, token } = await activeIntegration('All', 'all');
    const principal = await s.keyway.tokens.authenticate(token);
    assert.equal(principal.kind, 'integration');
    assert.equal(principal.kind === 'integration' && principal.integrationId, id);
    const read = await readCustomer(token);
    assert.equal(read.status, 200, read.text);
    assert.equal((read.json as { id: number }).id, 1);
    assert.equal((await s.call('GET', '/rest/V1/store/storeViews', { token })).status, 200);
    const me = await s.call('GET', '/rest/V1/customers/me', { token });
    assert.equal(me.status, 401);
    assert.deepEqual(me.json, notAuthorized('self'));
    const signOut = await s.call('POST', '/rest/V1/integration/token/revoke', { token });
    assert.equal(signOut.status, 401);
    assert.deepEqual(signOut.json, notAuthorized('authenticated'));
    const sessions = await s.call('GET', '/rest/V1/integration/admin/tokens', { token });
    assert.deepEqual(sessions.json, notAuthorized('self_admin'));
    assert.equal((await emailAvailable(token)).status, 200);
  });

  it('flag on: an integration lacking a resource gets the 401 naming it', async () => {
    const { token } = await activeIntegration('Readers', [CUSTOMER_READ]);
    assert.equal((await readCustomer(token)).status, 200);
    const stores = await s.call('GET', '/rest/V1/store/storeViews', { token });
    assert.equal(stores.status, 401);
    assert.deepEqual(stores.json, notAuthorized('Magento_Backend::store'));
    const manage = await s.call('PUT', '/rest/V1/customers/1', { token, json: { customer: { firstname: 'X' } } });
    assert.equal(manage.status, 401);
    assert.deepEqual(manage.json, notAuthorized('Magento_Customer::manage'));
  });

  it('narrowing the resources applies at once, cached or not', async () => {
    const { id, token } = await activeIntegration('Narrowed', [CUSTOMER_READ]);
    assert.equal((await readCustomer(token)).status, 200);
    await s.keyway.integrations.update(id, {
      name: 'Narrowed',
      email: '',
      endpoint: null,
      identityLinkUrl: null,
      allResources: false,
      resources: ['Magento_Backend::store'],
    });
    assert.equal((await readCustomer(token)).status, 401);
    assert.equal((await s.call('GET', '/rest/V1/store/storeViews', { token })).status, 200);
  });

  it('an inactive integration is a guest, and only the access token of the handshake row is a Bearer token', async () => {
    const { id, token } = await activeIntegration('Paused', 'all');
    await s.keyway.integrationStore.setStatus(id, IntegrationStatus.INACTIVE);
    await s.keyway.tokens.forgetUser(UserType.INTEGRATION, id);
    assert.equal((await readCustomer(token)).status, 401);

    // The handshake row: a verifier, then a request token, neither of which proves anything.
    const store = s.keyway.integrationStore;
    await s.keyway.tokens.revokeAllFor(UserType.INTEGRATION, id);
    await store.startTokenExchange(id);
    const consumer = await store.consumerOf(id);
    const row = (await store.findTokenOfConsumer(consumer.id))!;
    assert.equal(row.type, 'verifier');
    const request = (await store.issueRequestToken(row.id))!;
    assert.equal((await readCustomer(request.token)).status, 401);
    assert.equal(await store.issueRequestToken(row.id), undefined, 'a verifier turns into a request token once');
    const access = (await store.issueAccessToken(row.id))!;
    assert.equal(await store.issueAccessToken(row.id), undefined, 'and a request token into an access token once');
    assert.equal((await s.keyway.integrations.get(id)).status, IntegrationStatus.ACTIVE);
    assert.equal((await readCustomer(access.token)).status, 200);
    assert.equal((await readCustomer(request.token)).status, 401);
    assert.deepEqual(await store.findActiveIntegrationByConsumerId(consumer.id), {
      id,
      resources: ['Magento_Backend::all'],
    });
  });

  it('reauthorize kills the old token at once (even cached) and the new one works', async () => {
    const { id, token } = await activeIntegration('Renewed', 'all');
    assert.equal((await readCustomer(token)).status, 200);
    const { credentials } = await s.keyway.integrations.reauthorize(id);
    assert.equal((await readCustomer(token)).status, 401);
    assert.equal((await readCustomer(credentials!.accessToken)).status, 200);
  });

  it('delete kills the token and leaves no row of the integration behind', async () => {
    const { id, token } = await activeIntegration('Deleted', 'all');
    const consumerId = (await s.keyway.integrationStore.consumerOf(id)).id;
    assert.equal(await s.keyway.integrationStore.recordNonce(consumerId, 'n1', Math.floor(s.clock.now() / 1000)), true);
    assert.equal((await readCustomer(token)).status, 200);
    await s.keyway.integrations.delete(id);
    assert.equal((await readCustomer(token)).status, 401);
    const { driver } = s.keyway.stores;
    for (const [table, column] of [
      ['oauth_token', 'consumer_id'],
      ['oauth_nonce', 'consumer_id'],
      ['oauth_consumer', 'entity_id'],
      ['integration', 'consumer_id'],
    ]) {
      assert.deepEqual(await driver.all(`SELECT * FROM ${table} WHERE ${column} = ?`, [consumerId]), [], table);
    }
  });

  it('integration tokens never expire, whatever the admin and customer lifetimes', async () => {
    const { token } = await activeIntegration('Lasting', 'all');
    await s.keyway.settings.set('oauth/access_token_lifetime/admin', '1');
    await s.keyway.settings.set('oauth/access_token_lifetime/customer', '1');
    try {
      s.clock.advance(48 * 3_600_000);
      await s.keyway.tokens.deleteExpired();
      assert.equal((await readCustomer(token)).status, 200);
      assert.equal((await s.keyway.tokens.introspect(token)).active, true);
    } finally {
      await s.keyway.settings.set('oauth/access_token_lifetime/admin', '');
      await s.keyway.settings.set('oauth/access_token_lifetime/customer', '');
    }
  });
});
