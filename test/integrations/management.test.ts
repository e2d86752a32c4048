// backends: sqlite, postgres
// Keyway's integration management routes (not in Magento, whose admin panel does this): who may call them,
// what they answer, and Magento's messages where Magento has one.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fieldRequired, notAuthorized } from '../helpers/magento-bodies.ts';
import { ADMIN, createTestServer, type TestServer } from '../helpers/test-app.ts';

const RESOURCE = 'Magento_Integration::integrations';

describe('integration management routes', () => {
  let s: TestServer;
  let admin: string;
  let viewer: string;
  before(async () => {
    s = await createTestServer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
    await s.keyway.admins.createRole('Integrators', [RESOURCE]);
    await s.seedAdmin('integrator', 'abc12345', 'Integrators');
    await s.keyway.admins.createRole('Viewers', ['Magento_Customer::customer']);
    await s.seedAdmin('viewer', 'abc12345', 'Viewers');
    admin = await s.adminToken('integrator', 'abc12345');
    viewer = await s.adminToken('viewer', 'abc12345');
  });
  after(() => s.close());

  const create = (json: unknown, token = admin) => s.call('POST', '/rest/V1/integrations', { token, json });

  it('an admin without Magento_Integration::integrations gets the 401 naming it, on every route', async () => {
    const routes: [string, string][] = [
      ['GET', '/rest/V1/integrations'],
      ['POST', '/rest/V1/integrations'],
      ['GET', '/rest/V1/integrations/1'],
      ['PUT', '/rest/V1/integrations/1'],
      ['DELETE', '/rest/V1/integrations/1'],
      ['POST', '/rest/V1/integrations/1/activate'],
      ['POST', '/rest/V1/integrations/1/reauthorize'],
    ];
    for (const [method, url] of routes) {
      for (const token of [viewer, undefined]) {
        const response = await s.call(method, url, { token, json: { integration: { name: 'x' } } });
        assert.equal(response.status, 401, `${method} ${url}`);
        assert.deepEqual(response.json, notAuthorized(RESOURCE));
      }
    }
  });

  it('creates an inactive integration and answers it without any secret', async () => {
    const response = await create({
      integration: {
        name: 'ERP',
        email: 'erp@example.com',
        resources: ['Magento_Customer::customer', 'Magento_Customer::customer'],
      },
    });
    assert.equal(response.status, 200, response.text);
    const body = response.json as Record<string, unknown>;
    assert.deepEqual(
      { ...body, consumer_key: typeof body.consumer_key },
      {
        id: body.id,
        name: 'ERP',
        email: 'erp@example.com',
        endpoint: null,
        identity_link_url: null,
        status: 0,
        status_label: 'Inactive',
        setup_type: 0,
        all_resources: false,
        resources: ['Magento_Customer::customer'],
        consumer_key: 'string',
        created_at: '2026-01-15 12:00:00',
        updated_at: '2026-01-15 12:00:00',
      },
    );
    assert.match(body.consumer_key as string, /^[0-9a-z]{32}$/);
    assert.doesNotMatch(response.text, /secret/);
    const listed = await s.call('GET', '/rest/V1/integrations', { token: admin });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      (listed.json as { name: string }[]).map((each) => each.name),
      ['ERP'],
    );
    const read = await s.call('GET', `/rest/V1/integrations/${body.id}`, { token: admin });
    assert.deepEqual(read.json, body);
  });

  it("a taken name: Magento's message", async () => {
    const response = await create({ integration: { name: 'ERP', all_resources: true } });
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { message: 'The integration with name "%1" exists.', parameters: ['ERP'] });
  });

  it('refuses a missing name, a bad email or URL, and an unknown ACL resource', async () => {
    assert.deepEqual((await create({ integration: { email: 'a@b.example' } })).json, fieldRequired('name'));
    assert.deepEqual((await create({ integration: { name: '  ' } })).json, fieldRequired('name'));
    const invalid = (fieldName: string) => ({
      message: 'The %fieldName value is invalid. Set the correct value and try again.',
      parameters: { fieldName },
    });
    assert.deepEqual((await create({ integration: { name: 'A', email: 'nope' } })).json, invalid('email'));
    assert.deepEqual(
      (await create({ integration: { name: 'A', endpoint: 'ftp://example.com/x' } })).json,
      invalid('endpoint'),
    );
    const unknown = await create({ integration: { name: 'A', resources: ['Vendor_Module::nothing'] } });
    assert.equal(unknown.status, 400);
    assert.deepEqual(unknown.json, {
      message: 'The ACL resource "%1" does not exist.',
      parameters: ['Vendor_Module::nothing'],
    });
  });

  it('PUT replaces the fields; an unknown id is 404', async () => {
    const id = ((await create({ integration: { name: 'Editable' } })).json as { id: number }).id;
    const response = await s.call('PUT', `/rest/V1/integrations/${id}`, {
      token: admin,
      json: { integration: { name: 'Edited', all_resources: true, endpoint: 'https://erp.example/callback' } },
    });
    assert.equal(response.status, 200, response.text);
    const body = response.json as Record<string, unknown>;
    assert.equal(body.name, 'Edited');
    assert.equal(body.all_resources, true);
    assert.deepEqual(body.resources, []);
    assert.equal(body.endpoint, 'https://erp.example/callback');
    const taken = await s.call('PUT', `/rest/V1/integrations/${id}`, {
      token: admin,
      json: { integration: { name: 'ERP' } },
    });
    assert.deepEqual(taken.json, { message: 'The integration with name "%1" exists.', parameters: ['ERP'] });
    const missing = await s.call('GET', '/rest/V1/integrations/999', { token: admin });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { message: 'The integration with ID "%1" doesn\'t exist.', parameters: [999] });
  });

  it('activate answers the four credentials once; activating again is refused; reauthorize replaces the token', async () => {
    const id = ((await create({ integration: { name: 'Manual', all_resources: true } })).json as { id: number }).id;
    const activated = await s.call('POST', `/rest/V1/integrations/${id}/activate`, { token: admin });
    assert.equal(activated.status, 200, activated.text);
    const { integration, credentials } = activated.json as {
      integration: { status: number; status_label: string; consumer_key: string };
      credentials: Record<string, string>;
    };
    assert.equal(integration.status, 1);
    assert.equal(integration.status_label, 'Active');
    assert.deepEqual(Object.keys(credentials), ['consumer_key', 'consumer_secret', 'token', 'token_secret']);
    for (const value of Object.values(credentials)) assert.match(value, /^[0-9a-z]{32}$/);
    assert.equal(credentials.consumer_key, integration.consumer_key);

    const again = await s.call('POST', `/rest/V1/integrations/${id}/activate`, { token: admin });
    assert.equal(again.status, 400);
    assert.deepEqual(again.json, {
      message: 'The integration "%1" is already active. Reauthorize it instead.',
      parameters: ['Manual'],
    });

    const renewed = await s.call('POST', `/rest/V1/integrations/${id}/reauthorize`, { token: admin });
    assert.equal(renewed.status, 200);
    const next = (renewed.json as { credentials: Record<string, string> }).credentials;
    assert.equal(next.consumer_key, credentials.consumer_key);
    assert.equal(next.consumer_secret, credentials.consumer_secret);
    assert.notEqual(next.token, credentials.token);
    assert.notEqual(next.token_secret, credentials.token_secret);
    const read = await s.call('GET', `/rest/V1/integrations/${id}`, { token: admin });
    assert.doesNotMatch(read.text, new RegExp(`${next.consumer_secret}|${next.token}|${next.token_secret}`));
  });

  it('DELETE removes the integration; a second DELETE is 404', async () => {
    const id = ((await create({ integration: { name: 'Doomed' } })).json as { id: number }).id;
    const deleted = await s.call('DELETE', `/rest/V1/integrations/${id}`, { token: admin });
    assert.equal(deleted.status, 200);
    assert.equal(deleted.text, 'true');
    assert.equal((await s.call('DELETE', `/rest/V1/integrations/${id}`, { token: admin })).status, 404);
  });
});
