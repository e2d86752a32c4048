// backends: sqlite, postgres
/**
 * Issue point 3: a customer token reaches GET/PUT /V1/customers/me and PUT /V1/customers/me/password; a
 * customerId or customer.id sent by the client never reaches another customer; admin-only routes answer 401
 * naming the resource. Also anonymous sign-up (POST /V1/customers) and isEmailAvailable.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestServer, ADMIN, CUSTOMER, type CallResult, type TestServer } from '../helpers/test-app.ts';
import { MINUTE } from '../helpers/clock.ts';
import {
  CUSTOMER_KEYS,
  SIGN_IN_INCORRECT,
  assertResponse,
  bothRequired,
  customerBody,
  fieldRequired,
  notAuthorized,
} from '../helpers/magento-bodies.ts';

const ME = '/rest/V1/customers/me';
const PASSWORD = '/rest/V1/customers/me/password';
const CUSTOMER_TOKEN = '/rest/V1/integration/customer/token';

const OTHER = { email: 'other@example.com', password: 'password', firstname: 'Jane', lastname: 'Roe' };
const EMAIL_TAKEN = { message: 'A customer with the same email address already exists in an associated website.' };

/** Answers the status of a token request, without throwing on failure. */
async function loginStatus(s: TestServer, email: string, password: string): Promise<CallResult> {
  return s.call('POST', CUSTOMER_TOKEN, { json: { username: email, password } });
}

let s: TestServer;

beforeEach(async () => {
  s = await createTestServer();
  assert.equal(await s.seedCustomer(), 1);
});

afterEach(async () => {
  await s.close();
});

describe('GET /V1/customers/me', () => {
  it('answers the caller in Magento shape and key order', async () => {
    const token = await s.customerToken();
    const response = await s.call('GET', ME, { token });
    assertResponse(response, 200, customerBody());
    assert.deepEqual(Object.keys(response.json as object), CUSTOMER_KEYS);
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
  });

  it('answers the caller, not the customer named by ?customerId=', async () => {
    const otherId = await s.seedCustomer(OTHER);
    assert.equal(otherId, 2);
    const token = await s.customerToken();
    assertResponse(await s.call('GET', `${ME}?customerId=${otherId}`, { token }), 200, customerBody());
    assertResponse(await s.call('GET', `${ME}?customer_id=${otherId}&id=${otherId}`, { token }), 200, customerBody());
    // The other customer's own token sees the other customer.
    const otherToken = await s.customerToken(OTHER.email, OTHER.password);
    const other = await s.call('GET', `${ME}?customerId=1`, { token: otherToken });
    assert.equal(other.status, 200, other.text);
    assert.equal((other.json as { id: number }).id, 2);
    assert.equal((other.json as { email: string }).email, OTHER.email);
  });

  it('answers 401 naming self without a token or with an unknown one', async () => {
    assertResponse(await s.call('GET', ME), 401, notAuthorized('self'));
    assertResponse(await s.call('GET', ME, { token: 'a'.repeat(32) }), 401, notAuthorized('self'));
  });

  it('works under /rest/default/ and answers 401 self under /rest/all/ (the admin store)', async () => {
    const token = await s.customerToken();
    assertResponse(await s.call('GET', '/rest/default/V1/customers/me', { token }), 200, customerBody());
    assertResponse(await s.call('GET', '/rest/all/V1/customers/me', { token }), 401, notAuthorized('self'));
    assertResponse(
      await s.call('PUT', '/rest/all/V1/customers/me', { token, json: { customer: customerBody() } }),
      401,
      notAuthorized('self'),
    );
  });

  it('answers an Administrators admin with the missing customerId error (no customer to force)', async () => {
    await s.seedAdmin(ADMIN.username, ADMIN.password);
    const token = await s.adminToken();
    assertResponse(await s.call('GET', ME, { token }), 400, fieldRequired('customerId'));
    assertResponse(await s.call('GET', `${ME}?customerId=1`, { token }), 400, fieldRequired('customerId'));
  });

  it('answers an admin with a limited role 401 naming self', async () => {
    await s.keyway.admins.createRole('Viewers', ['Magento_Customer::customer']);
    await s.seedAdmin('viewer', 'viewer123', 'Viewers');
    const token = await s.adminToken('viewer', 'viewer123');
    assertResponse(await s.call('GET', ME, { token }), 401, notAuthorized('self'));
    assertResponse(
      await s.call('PUT', PASSWORD, { token, json: { currentPassword: 'x', newPassword: 'y' } }),
      401,
      notAuthorized('self'),
    );
  });
});

describe('PUT /V1/customers/me', () => {
  let otherId: number;
  let token: string;
  let adminToken: string;

  beforeEach(async () => {
    otherId = await s.seedCustomer(OTHER);
    await s.seedAdmin(ADMIN.username, ADMIN.password);
    adminToken = await s.adminToken();
    token = await s.customerToken();
  });

  const otherBody = () =>
    customerBody({ id: 2, email: OTHER.email, firstname: OTHER.firstname, lastname: OTHER.lastname });

  async function assertOtherUnchanged(): Promise<void> {
    assertResponse(await s.call('GET', `/rest/V1/customers/${otherId}`, { token: adminToken }), 200, otherBody());
  }

  it("updates the caller even when customer.id names another customer (Magento's testUpdateCustomer)", async () => {
    s.clock.advance(MINUTE);
    const me = (await s.call('GET', ME, { token })).json as Record<string, unknown>;
    const response = await s.call('PUT', ME, {
      token,
      json: { customer: { ...me, lastname: 'SmithUpdated', id: otherId } },
    });
    const expected = customerBody({ lastname: 'SmithUpdated', updated_at: '2026-01-15 12:01:00' });
    assertResponse(response, 200, expected);
    assert.deepEqual(Object.keys(response.json as object), CUSTOMER_KEYS);
    assertResponse(await s.call('GET', ME, { token }), 200, expected);
    await assertOtherUnchanged();
  });

  for (const variant of ['customer_id', 'customerId', 'Id', 'ID']) {
    it(`never touches another customer through customer.${variant}`, async () => {
      const { id: _id, ...rest } = customerBody();
      const lastname = `Via ${variant}`;
      const response = await s.call('PUT', ME, {
        token,
        json: { customer: { ...rest, [variant]: otherId, lastname } },
      });
      assertResponse(response, 200, customerBody({ lastname }));
      assertResponse(await s.call('GET', ME, { token }), 200, customerBody({ lastname }));
      await assertOtherUnchanged();
    });
  }

  it('never touches another customer through top-level customerId / customer_id / id or ?customerId=', async () => {
    const response = await s.call('PUT', `${ME}?customerId=${otherId}&customer_id=${otherId}&id=${otherId}`, {
      token,
      json: {
        customerId: otherId,
        customer_id: otherId,
        id: otherId,
        customer: customerBody({ id: otherId, lastname: 'Top' }),
      },
    });
    assertResponse(response, 200, customerBody({ lastname: 'Top' }));
    await assertOtherUnchanged();
  });

  it('forces group_id, website_id and store_id to the caller’s own', async () => {
    const response = await s.call('PUT', ME, {
      token,
      json: { customer: customerBody({ group_id: 2, website_id: 0, store_id: 0, lastname: 'Grouped' }) },
    });
    assertResponse(response, 200, customerBody({ lastname: 'Grouped' }));
    assertResponse(
      await s.call('GET', '/rest/V1/customers/1', { token: adminToken }),
      200,
      customerBody({ lastname: 'Grouped' }),
    );
  });

  it('keeps the group an admin set: the forced group is the caller’s current one', async () => {
    assertResponse(
      await s.call('PUT', '/rest/V1/customers/1', { token: adminToken, json: { customer: { group_id: 3 } } }),
      200,
      customerBody({ group_id: 3 }),
    );
    const response = await s.call('PUT', ME, {
      token,
      json: { customer: customerBody({ group_id: 1, lastname: 'Kept' }) },
    });
    assertResponse(response, 200, customerBody({ group_id: 3, lastname: 'Kept' }));
    const { group_id: _g, ...withoutGroup } = customerBody({ lastname: 'Again' });
    assertResponse(
      await s.call('PUT', ME, { token, json: { customer: withoutGroup } }),
      200,
      customerBody({ group_id: 3, lastname: 'Again' }),
    );
  });

  it("refuses the other customer's id in query and body alike (Magento's testGetOtherCustomerInfo)", async () => {
    const otherToken = await s.customerToken(OTHER.email, OTHER.password);
    const response = await s.call('PUT', `${ME}?customerId=1`, {
      token: otherToken,
      json: { customer: { id: '-1', Id: '1' } },
    });
    assertResponse(response, 400, { message: 'The customer email is missing. Enter and try again.' });
    assertResponse(await s.call('GET', '/rest/V1/customers/1', { token: adminToken }), 200, customerBody());
    await assertOtherUnchanged();
  });

  it('answers 400 "First Name" is a required value when firstname is missing', async () => {
    const { firstname: _f, ...rest } = customerBody();
    assertResponse(await s.call('PUT', ME, { token, json: { customer: rest } }), 400, {
      message: '"First Name" is a required value.',
    });
    assertResponse(await s.call('GET', ME, { token }), 200, customerBody());
  });

  it('joins both missing-name messages with a new line', async () => {
    const { firstname: _f, lastname: _l, ...rest } = customerBody();
    const response = await s.call('PUT', ME, { token, json: { customer: rest } });
    assertResponse(response, 400, { message: '"First Name" is a required value.\n"Last Name" is a required value.' });
  });

  it("refuses another customer's email, in any case", async () => {
    assertResponse(
      await s.call('PUT', ME, { token, json: { customer: customerBody({ email: OTHER.email }) } }),
      400,
      EMAIL_TAKEN,
    );
    assertResponse(
      await s.call('PUT', ME, { token, json: { customer: customerBody({ email: 'OTHER@Example.com' }) } }),
      400,
      EMAIL_TAKEN,
    );
    assertResponse(await s.call('GET', ME, { token }), 200, customerBody());
  });

  it('lets the caller change its own email, and keeps its own email in another case', async () => {
    assertResponse(
      await s.call('PUT', ME, { token, json: { customer: customerBody({ email: 'Customer@Example.com' }) } }),
      200,
      customerBody({ email: 'Customer@Example.com' }),
    );
    assertResponse(
      await s.call('PUT', ME, { token, json: { customer: customerBody({ email: 'renamed@example.com' }) } }),
      200,
      customerBody({ email: 'renamed@example.com' }),
    );
    assert.equal((await loginStatus(s, 'renamed@example.com', CUSTOMER.password)).status, 200);
    assertResponse(await loginStatus(s, CUSTOMER.email, CUSTOMER.password), 401, SIGN_IN_INCORRECT);
  });

  it('answers 400 email missing when the body has no customer (the forced customer.id creates one, as in Magento)', async () => {
    assertResponse(await s.call('PUT', ME, { token, json: { lastname: 'x' } }), 400, {
      message: 'The customer email is missing. Enter and try again.',
    });
    assertResponse(await s.call('GET', ME, { token }), 200, customerBody());
  });

  it('answers 401 self to a guest and changes nothing', async () => {
    assertResponse(
      await s.call('PUT', ME, { json: { customer: customerBody({ lastname: 'Guest' }) } }),
      401,
      notAuthorized('self'),
    );
    assertResponse(await s.call('GET', ME, { token }), 200, customerBody());
  });
});

describe('PUT /V1/customers/me/password', () => {
  let token: string;

  beforeEach(async () => {
    token = await s.customerToken();
  });

  it("changes the password (Magento's testChangePassword): old one fails, new one works", async () => {
    const response = await s.call('PUT', PASSWORD, {
      token,
      json: { currentPassword: 'password', newPassword: '123@test' },
    });
    assertResponse(response, 200, true);
    assertResponse(await loginStatus(s, CUSTOMER.email, 'password'), 401, SIGN_IN_INCORRECT);
    const fresh = await loginStatus(s, CUSTOMER.email, '123@test');
    assert.equal(fresh.status, 200, fresh.text);
    assert.match(fresh.json as string, /^[0-9a-z]{32}$/);
    assertResponse(await s.call('GET', ME, { token: fresh.json as string }), 200, customerBody());
  });

  it("revokes the customer's other tokens but keeps the one that made the change", async () => {
    const older = await s.customerToken();
    const otherId = await s.seedCustomer(OTHER);
    const bystander = await s.customerToken(OTHER.email, OTHER.password);
    assertResponse(
      await s.call('PUT', PASSWORD, { token, json: { currentPassword: 'password', newPassword: '123@test' } }),
      200,
      true,
    );
    assertResponse(await s.call('GET', ME, { token: older }), 401, notAuthorized('self'));
    assertResponse(await s.call('GET', ME, { token }), 200, customerBody());
    // Another customer's session is not affected.
    const other = await s.call('GET', ME, { token: bystander });
    assert.equal(other.status, 200, other.text);
    assert.equal((other.json as { id: number }).id, otherId);
  });

  it('accepts the snake_case argument names', async () => {
    assertResponse(
      await s.call('PUT', PASSWORD, { token, json: { current_password: 'password', new_password: '123@test' } }),
      200,
      true,
    );
    assert.equal((await loginStatus(s, CUSTOMER.email, '123@test')).status, 200);
  });

  it('answers 401 when the current password is wrong, and keeps the old one', async () => {
    const response = await s.call('PUT', PASSWORD, {
      token,
      json: { currentPassword: 'wrong-Pass1', newPassword: '123@test' },
    });
    assertResponse(response, 401, {
      message: "The password doesn't match this account. Verify the password and try again.",
    });
    assertResponse(await loginStatus(s, CUSTOMER.email, '123@test'), 401, SIGN_IN_INCORRECT);
    assert.equal((await loginStatus(s, CUSTOMER.email, 'password')).status, 200);
    assertResponse(await s.call('GET', ME, { token }), 200, customerBody());
  });

  const refusals: [string, string, unknown][] = [
    [
      'too short',
      'Ab1!',
      { message: 'The password needs at least %1 characters. Create a new password and try again.', parameters: ['8'] },
    ],
    [
      'too few character classes',
      'abcdefgh1',
      {
        message:
          'Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.',
        parameters: ['3'],
      },
    ],
    [
      'equal to the email',
      CUSTOMER.email,
      { message: "The password can't be the same as the email address. Create a new password and try again." },
    ],
    [
      'equal to the email in another case',
      CUSTOMER.email.toUpperCase(),
      { message: "The password can't be the same as the email address. Create a new password and try again." },
    ],
    [
      'starting with a space',
      ' Abcdef1!',
      { message: "The password can't begin or end with a space. Verify the password and try again." },
    ],
    [
      'ending with a space',
      'Abcdef1! ',
      { message: "The password can't begin or end with a space. Verify the password and try again." },
    ],
    [
      'longer than 256 characters',
      `Aa1!${'x'.repeat(253)}`,
      { message: 'Please enter a password with at most %1 characters.', parameters: [256] },
    ],
  ];
  for (const [label, newPassword, body] of refusals) {
    it(`answers 400 for a new password ${label}, and keeps the old one`, async () => {
      assertResponse(
        await s.call('PUT', PASSWORD, { token, json: { currentPassword: 'password', newPassword } }),
        400,
        body,
      );
      assert.equal((await loginStatus(s, CUSTOMER.email, 'password')).status, 200);
      assertResponse(await s.call('GET', ME, { token }), 200, customerBody());
    });
  }

  it('locks the account after customer/password/lockout_failures wrong current passwords', async () => {
    await s.keyway.settings.set('customer/password/lockout_failures', '2');
    const wrong = { currentPassword: 'wrong-Pass1', newPassword: '123@test' };
    const mismatch = { message: "The password doesn't match this account. Verify the password and try again." };
    assertResponse(await s.call('PUT', PASSWORD, { token, json: wrong }), 401, mismatch);
    assertResponse(await s.call('PUT', PASSWORD, { token, json: wrong }), 401, mismatch);
    const right = { currentPassword: 'password', newPassword: '123@test' };
    assertResponse(await s.call('PUT', PASSWORD, { token, json: right }), 401, { message: 'The account is locked.' });
    // The lock lasts customer/password/lockout_threshold minutes (default 10).
    s.clock.advance(10 * MINUTE + 1000);
    assertResponse(await s.call('PUT', PASSWORD, { token, json: right }), 200, true);
  });

  it('answers 400 naming the one missing field', async () => {
    assertResponse(
      await s.call('PUT', PASSWORD, { token, json: { currentPassword: 'password' } }),
      400,
      fieldRequired('newPassword'),
    );
    assertResponse(
      await s.call('PUT', PASSWORD, { token, json: { newPassword: '123@test' } }),
      400,
      fieldRequired('currentPassword'),
    );
  });

  it('answers 400 with both errors when both fields are missing', async () => {
    assertResponse(
      await s.call('PUT', PASSWORD, { token, json: {} }),
      400,
      bothRequired('currentPassword', 'newPassword'),
    );
  });

  it('ignores a customerId in the body: the forced id is the caller', async () => {
    const otherId = await s.seedCustomer(OTHER);
    const response = await s.call('PUT', `${PASSWORD}?customerId=${otherId}`, {
      token,
      json: { customerId: otherId, currentPassword: 'password', newPassword: '123@test' },
    });
    assertResponse(response, 200, true);
    assert.equal((await loginStatus(s, CUSTOMER.email, '123@test')).status, 200);
    assert.equal((await loginStatus(s, OTHER.email, OTHER.password)).status, 200);
    assertResponse(await loginStatus(s, OTHER.email, '123@test'), 401, SIGN_IN_INCORRECT);
  });

  it('answers 401 self to a guest', async () => {
    assertResponse(
      await s.call('PUT', PASSWORD, { json: { currentPassword: 'password', newPassword: '123@test' } }),
      401,
      notAuthorized('self'),
    );
  });
});

describe('a customer token on admin-only routes', () => {
  let token: string;

  beforeEach(async () => {
    await s.seedCustomer(OTHER);
    token = await s.customerToken();
  });

  it('GET /V1/customers/:customerId answers 401 naming Magento_Customer::customer, even for its own id', async () => {
    assertResponse(
      await s.call('GET', '/rest/V1/customers/1', { token }),
      401,
      notAuthorized('Magento_Customer::customer'),
    );
    assertResponse(
      await s.call('GET', '/rest/V1/customers/2', { token }),
      401,
      notAuthorized('Magento_Customer::customer'),
    );
  });

  it('GET /V1/customers/search answers 401 naming Magento_Customer::customer', async () => {
    assertResponse(
      await s.call('GET', '/rest/V1/customers/search?searchCriteria=', { token }),
      401,
      notAuthorized('Magento_Customer::customer'),
    );
  });

  it('PUT and DELETE /V1/customers/:customerId answer 401 naming Magento_Customer::manage and change nothing', async () => {
    assertResponse(
      await s.call('PUT', '/rest/V1/customers/1', { token, json: { customer: { lastname: 'Hacked' } } }),
      401,
      notAuthorized('Magento_Customer::manage'),
    );
    assertResponse(
      await s.call('DELETE', '/rest/V1/customers/2', { token }),
      401,
      notAuthorized('Magento_Customer::manage'),
    );
    assertResponse(
      await s.call('DELETE', '/rest/V1/customers/1', { token }),
      401,
      notAuthorized('Magento_Customer::manage'),
    );
    assertResponse(await s.call('GET', ME, { token }), 200, customerBody());
    assert.equal((await loginStatus(s, OTHER.email, OTHER.password)).status, 200);
  });

  it('the store routes answer 401 naming Magento_Backend::store', async () => {
    for (const path of ['storeViews', 'storeGroups', 'websites', 'storeConfigs']) {
      assertResponse(
        await s.call('GET', `/rest/V1/store/${path}`, { token }),
        401,
        notAuthorized('Magento_Backend::store'),
      );
    }
  });
});

describe('POST /V1/customers (sign-up)', () => {
  const JANE = { email: 'jdoe@example.com', firstname: 'Jane', lastname: 'Doe' };
  const STRONG = 'Strong#Pass1';

  const janeBody = (overrides: Record<string, unknown> = {}) =>
    customerBody({ id: 2, email: JANE.email, firstname: JANE.firstname, lastname: JANE.lastname, ...overrides });

  it('creates an account for a guest and answers it in Magento shape', async () => {
    const response = await s.call('POST', '/rest/V1/customers', { json: { customer: JANE, password: STRONG } });
    assertResponse(response, 200, janeBody());
    assert.deepEqual(Object.keys(response.json as object), CUSTOMER_KEYS);
    const token = await s.customerToken(JANE.email, STRONG);
    assertResponse(await s.call('GET', ME, { token }), 200, janeBody());
  });

  it('creates the account in the store the URL names', async () => {
    const response = await s.call('POST', '/rest/default/V1/customers', { json: { customer: JANE, password: STRONG } });
    assertResponse(response, 200, janeBody());
  });

  it('signs up under /rest/all/ into the default store view', async () => {
    const response = await s.call('POST', '/rest/all/V1/customers', { json: { customer: JANE, password: STRONG } });
    assertResponse(response, 200, janeBody());
  });

  // Magento's createAccountWithPasswordHash: `if (!$customer->getStoreId())` and `if (!$customer->getWebsiteId())`
  // treat 0 as "not given" and fall back to the current store and its website; nobody signs up into the admin store.
  it('treats store_id 0 and website_id 0 as not given: the account lands in the default store view', async () => {
    const viaStore = await s.call('POST', '/rest/V1/customers', {
      json: { customer: { ...JANE, store_id: 0 }, password: STRONG },
    });
    assertResponse(viaStore, 200, janeBody());
    const viaWebsite = await s.call('POST', '/rest/V1/customers', {
      json: { customer: { ...JANE, email: 'web0@example.com', website_id: 0 }, password: STRONG },
    });
    assertResponse(viaWebsite, 200, janeBody({ id: 3, email: 'web0@example.com' }));
    const token = await s.customerToken(JANE.email, STRONG);
    assertResponse(await s.call('GET', ME, { token }), 200, janeBody());
  });

  it('refuses a customer.id that already exists and leaves that customer alone', async () => {
    assertResponse(
      await s.call('POST', '/rest/V1/customers', {
        json: { customer: { ...JANE, email: CUSTOMER.email, id: 1 }, password: STRONG },
      }),
      400,
      { message: 'This customer already exists in this store.' },
    );
    const token = await s.customerToken();
    assertResponse(await s.call('GET', ME, { token }), 200, customerBody());
  });

  it('refuses an email already taken in the website, in any case', async () => {
    assertResponse(
      await s.call('POST', '/rest/V1/customers', {
        json: { customer: { ...JANE, email: CUSTOMER.email }, password: STRONG },
      }),
      400,
      EMAIL_TAKEN,
    );
    assertResponse(
      await s.call('POST', '/rest/V1/customers', {
        json: { customer: { ...JANE, email: 'Customer@EXAMPLE.com' }, password: STRONG },
      }),
      400,
      EMAIL_TAKEN,
    );
  });

  it('refuses a weak password with Magento’s messages and creates nothing', async () => {
    assertResponse(
      await s.call('POST', '/rest/V1/customers', { json: { customer: JANE, password: 'weakpassword' } }),
      400,
      {
        message:
          'Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.',
        parameters: ['3'],
      },
    );
    assertResponse(await s.call('POST', '/rest/V1/customers', { json: { customer: JANE, password: 'Ab1!' } }), 400, {
      message: 'The password needs at least %1 characters. Create a new password and try again.',
      parameters: ['8'],
    });
    assertResponse(await loginStatus(s, JANE.email, 'weakpassword'), 401, SIGN_IN_INCORRECT);
    assert.equal(await s.keyway.customers.findByEmail(JANE.email), undefined);
  });

  it('refuses a password equal to the email, ignoring case', async () => {
    const email = 'Strong1@example.com';
    const body = {
      message: "The password can't be the same as the email address. Create a new password and try again.",
    };
    assertResponse(
      await s.call('POST', '/rest/V1/customers', { json: { customer: { ...JANE, email }, password: email } }),
      400,
      body,
    );
    assertResponse(
      await s.call('POST', '/rest/V1/customers', {
        json: { customer: { ...JANE, email }, password: email.toUpperCase() },
      }),
      400,
      body,
    );
    assert.equal(await s.keyway.customers.findByEmail(email), undefined);
  });

  it('refuses group_id from a guest, a customer and a limited admin with 401 naming Magento_Customer::manage', async () => {
    const body = notAuthorized('Magento_Customer::manage');
    const json = { customer: { ...JANE, group_id: 2 }, password: STRONG };
    assertResponse(await s.call('POST', '/rest/V1/customers', { json }), 401, body);
    const customerToken = await s.customerToken();
    assertResponse(await s.call('POST', '/rest/V1/customers', { token: customerToken, json }), 401, body);
    await s.keyway.admins.createRole('Viewers', ['Magento_Customer::customer']);
    await s.seedAdmin('viewer', 'viewer123', 'Viewers');
    const viewerToken = await s.adminToken('viewer', 'viewer123');
    assertResponse(await s.call('POST', '/rest/V1/customers', { token: viewerToken, json }), 401, body);
    assert.equal(await s.keyway.customers.findByEmail(JANE.email), undefined);
  });

  it('accepts group_id from an Administrators admin', async () => {
    await s.seedAdmin(ADMIN.username, ADMIN.password);
    const token = await s.adminToken();
    const response = await s.call('POST', '/rest/V1/customers', {
      token,
      json: { customer: { ...JANE, group_id: 2 }, password: STRONG },
    });
    assertResponse(response, 200, janeBody({ group_id: 2 }));
    assertResponse(await s.call('GET', '/rest/V1/customers/2', { token }), 200, janeBody({ group_id: 2 }));
  });

  it('answers 400 required customer when there is none', async () => {
    assertResponse(
      await s.call('POST', '/rest/V1/customers', { json: { password: STRONG } }),
      400,
      fieldRequired('customer'),
    );
  });

  it('answers 400 when the email is missing', async () => {
    assertResponse(
      await s.call('POST', '/rest/V1/customers', {
        json: { customer: { firstname: 'Jane', lastname: 'Doe' }, password: STRONG },
      }),
      400,
      { message: 'The email address is required to create a customer account.' },
    );
  });

  it('answers 400 "First Name" is a required value when firstname is missing', async () => {
    assertResponse(
      await s.call('POST', '/rest/V1/customers', {
        json: { customer: { email: JANE.email, lastname: 'Doe' }, password: STRONG },
      }),
      400,
      { message: '"First Name" is a required value.' },
    );
  });
});

describe('POST /V1/customers/isEmailAvailable', () => {
  const URL = '/rest/V1/customers/isEmailAvailable';

  it('answers true for every email by default (Magento 2.4.7)', async () => {
    assertResponse(await s.call('POST', URL, { json: { customerEmail: CUSTOMER.email } }), 200, true);
    assertResponse(await s.call('POST', URL, { json: { customerEmail: 'free@example.com' } }), 200, true);
  });

  it('tells taken from free emails once guest checkout login is enabled', async () => {
    await s.keyway.settings.set('checkout/options/enable_guest_checkout_login', '1');
    assertResponse(await s.call('POST', URL, { json: { customerEmail: CUSTOMER.email } }), 200, false);
    assertResponse(await s.call('POST', URL, { json: { customerEmail: CUSTOMER.email.toUpperCase() } }), 200, false);
    assertResponse(await s.call('POST', URL, { json: { customer_email: CUSTOMER.email } }), 200, false);
    assertResponse(await s.call('POST', URL, { json: { customerEmail: 'free@example.com' } }), 200, true);
    assertResponse(await s.call('POST', URL, { json: { customerEmail: CUSTOMER.email, websiteId: 1 } }), 200, false);
  });

  it('answers 400 required customerEmail when it is missing', async () => {
    assertResponse(await s.call('POST', URL, { json: {} }), 400, fieldRequired('customerEmail'));
  });
});
