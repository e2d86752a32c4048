// backends: sqlite, postgres
/**
 * Issue point 4: an admin whose role allows Magento_Customer::customer reads GET /V1/customers/:customerId and
 * searches, and gets 401 naming Magento_Customer::manage on PUT and DELETE; an Administrators admin does all.
 * Also the store routes (Magento_Backend::store) and what a disabled admin's token gets.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestServer, ADMIN, type TestServer } from '../helpers/test-app.ts';
import { MINUTE } from '../helpers/clock.ts';
import {
  CUSTOMER_KEYS,
  SIGN_IN_INCORRECT,
  assertResponse,
  customerBody,
  fieldRequired,
  noSuchEntity,
  notAuthorized,
} from '../helpers/magento-bodies.ts';

const OTHER = { email: 'other@example.com', password: 'password', firstname: 'Jane', lastname: 'Roe' };
const VIEWER = { username: 'viewer', password: 'viewer123' };

const otherBody = (overrides: Record<string, unknown> = {}) =>
  customerBody({ id: 2, email: OTHER.email, firstname: OTHER.firstname, lastname: OTHER.lastname, ...overrides });

const STORE_VIEWS = [
  { id: 0, code: 'admin', name: 'Admin', website_id: 0, store_group_id: 0, is_active: 1 },
  { id: 1, code: 'default', name: 'Default Store View', website_id: 1, store_group_id: 1, is_active: 1 },
];
const STORE_GROUPS = [
  { id: 0, website_id: 0, root_category_id: 0, default_store_id: 0, name: 'Default', code: 'default' },
  {
    id: 1,
    website_id: 1,
    root_category_id: 2,
    default_store_id: 1,
    name: 'Main Website Store',
    code: 'main_website_store',
  },
];
const WEBSITES = [
  { id: 0, code: 'admin', name: 'Admin', default_group_id: 0 },
  { id: 1, code: 'base', name: 'Main Website', default_group_id: 1 },
];
const DEFAULT_STORE_CONFIG = {
  id: 1,
  code: 'default',
  website_id: 1,
  locale: 'en_US',
  base_currency_code: 'USD',
  default_display_currency_code: 'USD',
  timezone: 'UTC',
  weight_unit: 'lbs',
  base_url: 'http://localhost/',
  base_link_url: 'http://localhost/',
  base_static_url: 'http://localhost/static/',
  base_media_url: 'http://localhost/media/',
  secure_base_url: 'https://localhost/',
  secure_base_link_url: 'https://localhost/',
  secure_base_static_url: 'https://localhost/static/',
  secure_base_media_url: 'https://localhost/media/',
};

let s: TestServer;

beforeEach(async () => {
  s = await createTestServer();
  assert.equal(await s.seedCustomer(), 1);
  assert.equal(await s.seedCustomer(OTHER), 2);
  await s.seedAdmin(ADMIN.username, ADMIN.password);
  await s.keyway.admins.createRole('Viewers', ['Magento_Customer::customer']);
  await s.seedAdmin(VIEWER.username, VIEWER.password, 'Viewers');
});

afterEach(async () => {
  await s.close();
});

describe('an admin whose role allows only Magento_Customer::customer', () => {
  let token: string;
  let adminToken: string;

  beforeEach(async () => {
    token = await s.adminToken(VIEWER.username, VIEWER.password);
    adminToken = await s.adminToken();
  });

  it('reads GET /V1/customers/:customerId, exact body and key order', async () => {
    const response = await s.call('GET', '/rest/V1/customers/1', { token });
    assertResponse(response, 200, customerBody());
    assert.deepEqual(Object.keys(response.json as object), CUSTOMER_KEYS);
    assertResponse(await s.call('GET', '/rest/V1/customers/2', { token }), 200, otherBody());
  });

  it('searches', async () => {
    assertResponse(await s.call('GET', '/rest/V1/customers/search?searchCriteria=', { token }), 200, {
      items: [customerBody(), otherBody()],
      search_criteria: { filter_groups: [] },
      total_count: 2,
    });
  });

  it('gets 401 naming Magento_Customer::manage on PUT, and nothing changes', async () => {
    const response = await s.call('PUT', '/rest/V1/customers/1', { token, json: { customer: { lastname: 'New' } } });
    assertResponse(response, 401, notAuthorized('Magento_Customer::manage'));
    assertResponse(await s.call('GET', '/rest/V1/customers/1', { token: adminToken }), 200, customerBody());
  });

  it('gets 401 naming Magento_Customer::manage on DELETE, and nothing is deleted', async () => {
    assertResponse(
      await s.call('DELETE', '/rest/V1/customers/1', { token }),
      401,
      notAuthorized('Magento_Customer::manage'),
    );
    assertResponse(
      await s.call('DELETE', '/rest/V1/customers/999', { token }),
      401,
      notAuthorized('Magento_Customer::manage'),
    );
    assertResponse(await s.call('GET', '/rest/V1/customers/1', { token: adminToken }), 200, customerBody());
  });

  it('gets 401 naming Magento_Backend::store on the store routes', async () => {
    for (const path of ['storeViews', 'storeGroups', 'websites', 'storeConfigs']) {
      assertResponse(
        await s.call('GET', `/rest/V1/store/${path}`, { token }),
        401,
        notAuthorized('Magento_Backend::store'),
      );
    }
  });

  it('gets 404 for an unknown id (authorized first, then looked up)', async () => {
    assertResponse(await s.call('GET', '/rest/V1/customers/999', { token }), 404, noSuchEntity('customerId', 999));
  });
});

describe('an Administrators admin', () => {
  let token: string;

  beforeEach(async () => {
    token = await s.adminToken();
  });

  it('reads a customer and searches', async () => {
    assertResponse(await s.call('GET', '/rest/V1/customers/1', { token }), 200, customerBody());
    assertResponse(await s.call('GET', '/rest/V1/customers/search?searchCriteria=', { token }), 200, {
      items: [customerBody(), otherBody()],
      search_criteria: { filter_groups: [] },
      total_count: 2,
    });
  });

  it('updates one field with a partial PUT and keeps every other field (Magento 2.4.1+)', async () => {
    s.clock.advance(MINUTE);
    const expected = customerBody({ lastname: 'New', updated_at: '2026-01-15 12:01:00' });
    const response = await s.call('PUT', '/rest/V1/customers/1', { token, json: { customer: { lastname: 'New' } } });
    assertResponse(response, 200, expected);
    assert.deepEqual(Object.keys(response.json as object), CUSTOMER_KEYS);
    assertResponse(await s.call('GET', '/rest/V1/customers/1', { token }), 200, expected);
    assertResponse(await s.call('GET', '/rest/V1/customers/2', { token }), 200, otherBody());
  });

  it('changes the group with a partial PUT', async () => {
    assertResponse(
      await s.call('PUT', '/rest/V1/customers/2', { token, json: { customer: { group_id: 3 } } }),
      200,
      otherBody({ group_id: 3 }),
    );
    assertResponse(await s.call('PUT', '/rest/V1/customers/2', { token, json: { customer: { group_id: 99 } } }), 400, {
      message: 'The specified customer group id does not exist.',
    });
    assertResponse(await s.call('GET', '/rest/V1/customers/2', { token }), 200, otherBody({ group_id: 3 }));
  });

  it('refuses to move a customer into the admin website or store', async () => {
    for (const [field, value] of [
      ['website_id', 0],
      ['store_id', 0],
    ] as const) {
      assertResponse(
        await s.call('PUT', '/rest/V1/customers/2', { token, json: { customer: { [field]: value } } }),
        400,
        {
          message: 'The %fieldName value is invalid. Set the correct value and try again.',
          parameters: { fieldName: field },
        },
      );
    }
    assertResponse(await s.call('GET', '/rest/V1/customers/2', { token }), 200, otherBody());
  });

  it('treats the path id as authoritative over a body id', async () => {
    const response = await s.call('PUT', '/rest/V1/customers/1', {
      token,
      json: { customer: { id: 2, lastname: 'PathWins' } },
    });
    assertResponse(response, 200, customerBody({ lastname: 'PathWins' }));
    assertResponse(await s.call('GET', '/rest/V1/customers/2', { token }), 200, otherBody());
    // A body naming another customer's email still collides: it is customer 1 being saved.
    assertResponse(
      await s.call('PUT', '/rest/V1/customers/1', { token, json: { customer: { id: 2, email: OTHER.email } } }),
      400,
      { message: 'A customer with the same email address already exists in an associated website.' },
    );
  });

  it('answers 404 on PUT of an unknown id', async () => {
    assertResponse(
      await s.call('PUT', '/rest/V1/customers/999', { token, json: { customer: { lastname: 'Nobody' } } }),
      404,
      noSuchEntity('customerId', 999),
    );
  });

  it('answers 400 required customer on PUT without one', async () => {
    assertResponse(
      await s.call('PUT', '/rest/V1/customers/1', { token, json: { lastname: 'x' } }),
      400,
      fieldRequired('customer'),
    );
  });

  it("deletes: true, then 404 on GET and on DELETE again, and the customer's token stops working", async () => {
    const customerToken = await s.customerToken(OTHER.email, OTHER.password);
    const me = await s.call('GET', '/rest/V1/customers/me', { token: customerToken });
    assert.equal(me.status, 200, me.text);

    assertResponse(await s.call('DELETE', '/rest/V1/customers/2', { token }), 200, true);
    assertResponse(await s.call('GET', '/rest/V1/customers/2', { token }), 404, noSuchEntity('customerId', 2));
    assertResponse(await s.call('DELETE', '/rest/V1/customers/2', { token }), 404, noSuchEntity('customerId', 2));
    assertResponse(await s.call('GET', '/rest/V1/customers/me', { token: customerToken }), 401, notAuthorized('self'));
    assertResponse(
      await s.call('POST', '/rest/V1/integration/customer/token', {
        json: { username: OTHER.email, password: OTHER.password },
      }),
      401,
      SIGN_IN_INCORRECT,
    );
    // The other customer is untouched.
    assertResponse(await s.call('GET', '/rest/V1/customers/1', { token }), 200, customerBody());
  });

  it('answers 404 with fieldValue as a number for an unknown id', async () => {
    const response = await s.call('GET', '/rest/V1/customers/999', { token });
    assertResponse(response, 404, noSuchEntity('customerId', 999));
    assert.equal(
      response.text,
      '{"message":"No such entity with %fieldName = %fieldValue","parameters":{"fieldName":"customerId","fieldValue":999}}',
    );
    assertResponse(await s.call('DELETE', '/rest/V1/customers/999', { token }), 404, noSuchEntity('customerId', 999));
  });

  it('reads GET /V1/store/storeViews with the admin store and the default store', async () => {
    assertResponse(await s.call('GET', '/rest/V1/store/storeViews', { token }), 200, STORE_VIEWS);
  });

  it('reads GET /V1/store/storeGroups', async () => {
    assertResponse(await s.call('GET', '/rest/V1/store/storeGroups', { token }), 200, STORE_GROUPS);
  });

  it('reads GET /V1/store/websites', async () => {
    assertResponse(await s.call('GET', '/rest/V1/store/websites', { token }), 200, WEBSITES);
  });

  it('reads GET /V1/store/storeConfigs without the admin store, URLs escaped as PHP does', async () => {
    const response = await s.call('GET', '/rest/V1/store/storeConfigs', { token });
    assertResponse(response, 200, [DEFAULT_STORE_CONFIG]);
    assert.ok(response.text.includes('"base_url":"http:\\/\\/localhost\\/"'), response.text);
    assertResponse(await s.call('GET', '/rest/V1/store/storeConfigs?storeCodes[0]=default', { token }), 200, [
      DEFAULT_STORE_CONFIG,
    ]);
    assertResponse(await s.call('GET', '/rest/V1/store/storeConfigs?storeCodes[0]=nope', { token }), 200, []);
  });
});

describe('a role allowing Magento_Customer::manage but not Magento_Customer::customer', () => {
  let token: string;

  beforeEach(async () => {
    await s.keyway.admins.createRole('Managers', ['Magento_Customer::manage']);
    await s.seedAdmin('manager', 'manager123', 'Managers');
    token = await s.adminToken('manager', 'manager123');
  });

  it('gets 401 on GET /V1/customers/:customerId and search (Magento requires the exact resource)', async () => {
    assertResponse(
      await s.call('GET', '/rest/V1/customers/1', { token }),
      401,
      notAuthorized('Magento_Customer::customer'),
    );
    assertResponse(
      await s.call('GET', '/rest/V1/customers/search?searchCriteria=', { token }),
      401,
      notAuthorized('Magento_Customer::customer'),
    );
  });

  it('may PUT, which needs only Magento_Customer::manage', async () => {
    assertResponse(
      await s.call('PUT', '/rest/V1/customers/1', { token, json: { customer: { firstname: 'Managed' } } }),
      200,
      customerBody({ firstname: 'Managed' }),
    );
  });
});

describe('a role allowing only Magento_Backend::store', () => {
  it('reads the store routes and gets 401 on the customer routes', async () => {
    await s.keyway.admins.createRole('Stores', ['Magento_Backend::store']);
    await s.seedAdmin('storekeeper', 'store1234', 'Stores');
    const token = await s.adminToken('storekeeper', 'store1234');
    assertResponse(await s.call('GET', '/rest/V1/store/storeViews', { token }), 200, STORE_VIEWS);
    assertResponse(
      await s.call('GET', '/rest/V1/customers/1', { token }),
      401,
      notAuthorized('Magento_Customer::customer'),
    );
  });
});

describe("an inactive admin (Magento's testUseAdminAccessTokenInactiveAdmin)", () => {
  const STORE_CONFIGS = '/rest/V1/store/storeConfigs?storeCodes[0]=default';

  it('loses its token and cannot sign in again', async () => {
    const token = await s.adminToken();
    assertResponse(await s.call('GET', STORE_CONFIGS, { token }), 200, [DEFAULT_STORE_CONFIG]);

    await s.keyway.admins.setAdminActive(ADMIN.username, false);
    const refused = await s.call('GET', STORE_CONFIGS, { token });
    assertResponse(refused, 401, notAuthorized('Magento_Backend::store'));
    assert.equal(
      refused.text,
      '{"message":"The consumer isn\'t authorized to access %resources.","parameters":{"resources":"Magento_Backend::store"}}',
    );
    assertResponse(
      await s.call('POST', '/rest/V1/integration/admin/token', {
        json: { username: ADMIN.username, password: ADMIN.password },
      }),
      401,
      SIGN_IN_INCORRECT,
    );

    // Disabling revoked the token for good: enabling the account again does not bring it back.
    await s.keyway.admins.setAdminActive(ADMIN.username, true);
    assertResponse(await s.call('GET', STORE_CONFIGS, { token }), 401, notAuthorized('Magento_Backend::store'));
    const fresh = await s.adminToken();
    assertResponse(await s.call('GET', STORE_CONFIGS, { token: fresh }), 200, [DEFAULT_STORE_CONFIG]);
  });

  it("does not affect another admin's token", async () => {
    const viewerToken = await s.adminToken(VIEWER.username, VIEWER.password);
    await s.keyway.admins.setAdminActive(ADMIN.username, false);
    assertResponse(await s.call('GET', '/rest/V1/customers/1', { token: viewerToken }), 200, customerBody());
  });
});

describe('admin sign-in', () => {
  it('matches usernames case-insensitively', async () => {
    const token = await s.adminToken('WEBAPI_USER', ADMIN.password);
    assert.match(token, /^[0-9a-z]{32}$/);
    assertResponse(await s.call('GET', '/rest/V1/customers/1', { token }), 200, customerBody());
    const mixed = await s.adminToken('WebApi_User', ADMIN.password);
    assertResponse(await s.call('GET', '/rest/V1/store/websites', { token: mixed }), 200, WEBSITES);
  });

  it('still checks the password case-sensitively', async () => {
    assertResponse(
      await s.call('POST', '/rest/V1/integration/admin/token', {
        json: { username: 'WEBAPI_USER', password: '123123Q' },
      }),
      401,
      SIGN_IN_INCORRECT,
    );
  });
});

describe('guests on the admin routes', () => {
  it('get 401 naming each route’s resource', async () => {
    assertResponse(await s.call('GET', '/rest/V1/customers/1'), 401, notAuthorized('Magento_Customer::customer'));
    assertResponse(
      await s.call('GET', '/rest/V1/customers/search?searchCriteria='),
      401,
      notAuthorized('Magento_Customer::customer'),
    );
    assertResponse(
      await s.call('PUT', '/rest/V1/customers/1', { json: { customer: { lastname: 'x' } } }),
      401,
      notAuthorized('Magento_Customer::manage'),
    );
    assertResponse(await s.call('DELETE', '/rest/V1/customers/1'), 401, notAuthorized('Magento_Customer::manage'));
    assertResponse(await s.call('GET', '/rest/V1/store/storeViews'), 401, notAuthorized('Magento_Backend::store'));
  });
});
