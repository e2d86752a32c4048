// Magento 2.4's response bodies, word for word and key for key, for the suites that compare answers with them.
// Several suites also compare the raw text, so the key order here is Magento's, not just the values.
import assert from 'node:assert/strict';
import { CUSTOMER } from './fixtures.ts';
import type { CallResult } from './test-app.ts';

/** The 401 for any failed sign-in: wrong password, unknown user or locked account read the same. */
export const SIGN_IN_INCORRECT = {
  message:
    'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.',
};

/** The 400 for one missing required field (InputException::requiredField). */
export const fieldRequired = (fieldName: string) => ({
  message: '"%fieldName" is required. Enter and try again.',
  parameters: { fieldName },
});

/** The 400 for two missing required fields, in the order checked; by default a token request's two. */
export const bothRequired = (first = 'username', second = 'password') => ({
  message: 'One or more input exceptions have occurred.',
  errors: [fieldRequired(first), fieldRequired(second)],
});

/** The 401 for a caller the route's ACL resources (or `self`, `self_admin`, `authenticated`) do not admit. */
export const notAuthorized = (resources: string) => ({
  message: "The consumer isn't authorized to access %resources.",
  parameters: { resources },
});

/** The 404 for a lookup by one field that matches nothing (NoSuchEntityException::singleField). */
export const noSuchEntity = (fieldName: string, fieldValue: string | number) => ({
  message: 'No such entity with %fieldName = %fieldValue',
  parameters: { fieldName, fieldValue },
});

/** The 404 for a path and method that no route answers. */
export const routeNotFound = { message: 'Request does not match any route.' };

/** created_at and updated_at of every customer the harness seeds: the fixed clock's start. */
export const SEEDED_AT = '2026-01-15 12:00:00';

/** A customer body's keys, in the order Magento's CustomerInterface data renders them. */
export const CUSTOMER_KEYS = [
  'id',
  'group_id',
  'created_at',
  'updated_at',
  'created_in',
  'email',
  'firstname',
  'lastname',
  'store_id',
  'website_id',
  'addresses',
  'disable_auto_group_change',
  'extension_attributes',
];

/** The customer the harness seeds (id 1) in Magento's shape; an override keeps its key's place in the order. */
export function customerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 1,
    group_id: 1,
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
    created_in: 'Default Store View',
    email: CUSTOMER.email,
    firstname: CUSTOMER.firstname,
    lastname: CUSTOMER.lastname,
    store_id: 1,
    website_id: 1,
    addresses: [],
    disable_auto_group_change: 0,
    extension_attributes: { is_subscribed: false },
    ...overrides,
  };
}

/** PHP's json_encode of ASCII data: JSON.stringify with `/` escaped. */
export function phpJson(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, '\\/');
}

/** Exact status and body, byte for byte (so key order and `\/` escaping count too). */
export function assertResponse(response: CallResult, status: number, body: unknown): void {
  assert.equal(response.status, status, `status ${response.status}: ${response.text}`);
  assert.deepEqual(response.json, body);
  assert.equal(response.text, phpJson(body));
}
