// The requests each scenario sends, shared by the full run and the profiler.
import type { LoadSpec } from './load.ts';
import { PASSWORD, type Seed } from './seed.ts';

export type Base = Pick<LoadSpec, 'connections' | 'durationS'> & { url: string };

const JSON_TYPE = { 'content-type': 'application/json' };

export const ROUTES = {
  baseline: 'GET / (constant JSON, bare Fastify)',
  guest: 'POST /rest/V1/customers/isEmailAvailable (anonymous, no database read)',
  customer_me: 'GET /rest/V1/customers/me, customer token',
  customer_me_jwt: 'GET /rest/V1/customers/me, customer JWT (HS256)',
  admin_customer: 'GET /rest/V1/customers/:id, admin token, role with Magento_Customer::customer only',
  hasher: 'argon2id verify (m=19456, t=2, p=1) in-process, same concurrency as login',
  login: 'POST /rest/V1/integration/customer/token, one customer per connection',
} as const;

export function baseline(base: Base): LoadSpec {
  return { ...base, path: '/' };
}

export function guest(base: Base): LoadSpec {
  return {
    ...base,
    method: 'POST',
    path: '/rest/V1/customers/isEmailAvailable',
    headers: JSON_TYPE,
    body: '{"customerEmail":"someone@example.com"}',
  };
}

export function customerMe(base: Base, seed: Seed): LoadSpec {
  return { ...base, path: '/rest/V1/customers/me', headers: { authorization: `Bearer ${seed.me.token}` } };
}

/** customers/me with the same customer's JWT: the signature check on top of the same cached session record. */
export function customerMeJwt(base: Base, seed: Seed): LoadSpec {
  if (!seed.meJwt) throw new Error('customer_me_jwt needs seedJwt first');
  return { ...base, path: '/rest/V1/customers/me', headers: { authorization: `Bearer ${seed.meJwt}` } };
}

export function adminCustomer(base: Base, seed: Seed): LoadSpec {
  return { ...base, path: `/rest/V1/customers/${seed.me.id}`, headers: { authorization: `Bearer ${seed.adminToken}` } };
}

/** Correct passwords only, and each connection its own account, so the sign-in lock never comes into play. */
export function login(base: Base, seed: Seed): LoadSpec {
  let next = 0;
  return {
    ...base,
    method: 'POST',
    path: '/rest/V1/integration/customer/token',
    headers: JSON_TYPE,
    body: JSON.stringify({ username: seed.loginEmails[0], password: PASSWORD }),
    setupClient(client) {
      const email = seed.loginEmails[next++ % seed.loginEmails.length];
      client.setBody(JSON.stringify({ username: email, password: PASSWORD }));
    },
  };
}
