// Accounts and tokens for the scenarios. The limited role is made through the library, as `keyway
// admin:role:create` would; everything a client can do is done through the server's own API.
import { UserType } from '../src/auth/principal.ts';
import { createKeyway } from '../src/keyway.ts';

export const PASSWORD = 'Bench-pass-123';
const ADMIN = { username: 'bench-viewer', password: 'bench123viewer' };

export interface Seed {
  /** The customer whose token every `customers/me` call carries. */
  me: { id: number; token: string };
  /** Customers for the login scenarios, one per connection so no account ever has two attempts in flight. */
  loginEmails: string[];
  /** An admin whose role allows only Magento_Customer::customer. */
  adminToken: string;
  /** The same customer's JWT, once `seedJwt` has issued it. */
  meJwt?: string;
}

/**
 * Issues the `customers/me` customer a JWT through the library on the server's database and key (both runs
 * use var/keyway.key), the format switched on just for it: the server reads JWTs whatever the setting says.
 */
export async function seedJwt(databaseUrl: string, seed: Seed): Promise<void> {
  const keyway = await createKeyway({ databaseUrl, subscribe: false });
  try {
    await keyway.settings.set('webapi/token/format', 'jwt');
    seed.meJwt = await keyway.tokens.issue(UserType.CUSTOMER, seed.me.id, { ip: null, userAgent: 'bench' });
  } finally {
    await keyway.settings.set('webapi/token/format', 'opaque');
    await keyway.close();
  }
}

/** Before the server starts: the role and the admin user in it. */
export async function seedDatabase(databaseUrl: string): Promise<void> {
  const keyway = await createKeyway({ databaseUrl });
  try {
    await keyway.admins.createRole('Viewers', ['Magento_Customer::customer']);
    await keyway.admins.createUser({
      username: ADMIN.username,
      password: ADMIN.password,
      email: 'viewer@example.com',
      firstname: 'Vera',
      lastname: 'Viewer',
      role: 'Viewers',
    });
  } finally {
    await keyway.close();
  }
}

/** Against the running server: sign-ups and the tokens the read scenarios use. */
export async function seedThroughApi(baseUrl: string, loginAccounts: number): Promise<Seed> {
  const me = await signUp(baseUrl, 'me@example.com');
  const loginEmails: string[] = [];
  for (let i = 0; i < loginAccounts; i++) {
    const email = `login-${i}@example.com`;
    await signUp(baseUrl, email);
    loginEmails.push(email);
  }
  return {
    me: {
      id: me,
      token: await post<string>(baseUrl, '/rest/V1/integration/customer/token', {
        username: 'me@example.com',
        password: PASSWORD,
      }),
    },
    loginEmails,
    adminToken: await post<string>(baseUrl, '/rest/V1/integration/admin/token', ADMIN),
  };
}

async function signUp(baseUrl: string, email: string): Promise<number> {
  const customer = await post<{ id: number }>(baseUrl, '/rest/V1/customers', {
    customer: { email, firstname: 'Bench', lastname: 'Customer' },
    password: PASSWORD,
  });
  return customer.id;
}

async function post<T>(baseUrl: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}
