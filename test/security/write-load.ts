// A mixed write load over HTTP against a server process, keeping a ledger of every write that was answered
// with 200, so that a test can check each one after the process is killed and restarted.

export interface SeededAccount {
  email: string;
  password: string;
  /** A token issued before the load, used to revoke or to change the password. */
  token: string;
}

export interface Ledger {
  created: { email: string; password: string }[];
  issued: { email: string; token: string }[];
  revoked: { token: string }[];
  changed: { email: string; oldPassword: string; newPassword: string }[];
  /** Answers other than 200 (none are expected: every write is valid). */
  unexpected: string[];
}

export interface LoadPools {
  /** Accounts whose tokens get revoked, one revocation each. */
  revoke: SeededAccount[];
  /** Accounts whose password gets changed, once each. */
  change: SeededAccount[];
  /** Accounts that keep signing in for new tokens. */
  signIn: SeededAccount[];
}

/** A small seeded generator, so the mix of operations is the same on every run. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `workers` concurrent loops of writes until one fails to get an answer (the server is gone), and
 * answers the ledger of answered writes. `inFlight()` tells how many requests are out at any moment; `ledger`
 * fills as answers come.
 */
export function startWriteLoad(
  base: string,
  pools: LoadPools,
  workers: number,
): { done: Promise<Ledger>; inFlight(): number; ledger: Ledger } {
  const ledger: Ledger = { created: [], issued: [], revoked: [], changed: [], unexpected: [] };
  const random = generator(20260115);
  let outstanding = 0;
  let serial = 0;

  async function post(
    method: string,
    path: string,
    body: unknown,
    token?: string,
  ): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${base}${path}`, { method, headers, body: JSON.stringify(body) });
    const text = await response.text();
    if (response.status !== 200) ledger.unexpected.push(`${method} ${path}: ${response.status} ${text}`);
    return { status: response.status, json: JSON.parse(text) };
  }

  async function oneWrite(): Promise<void> {
    const pick = random();
    const n = serial++;
    if (pick < 0.15 && pools.revoke.length > 0) {
      const account = pools.revoke.pop()!;
      const answer = await post('POST', '/rest/V1/integration/customer/revoke-customer-token', {}, account.token);
      if (answer.status === 200 && answer.json === true) ledger.revoked.push({ token: account.token });
    } else if (pick < 0.35 && pools.change.length > 0) {
      const account = pools.change.pop()!;
      const newPassword = `Changed-${n}-Pa55!`;
      const answer = await post(
        'PUT',
        '/rest/V1/customers/me/password',
        { currentPassword: account.password, newPassword },
        account.token,
      );
      if (answer.status === 200 && answer.json === true)
        ledger.changed.push({ email: account.email, oldPassword: account.password, newPassword });
    } else if (pick < 0.6) {
      const account = pools.signIn[n % pools.signIn.length]!;
      const answer = await post('POST', '/rest/V1/integration/customer/token', {
        username: account.email,
        password: account.password,
      });
      if (answer.status === 200) ledger.issued.push({ email: account.email, token: answer.json as string });
    } else {
      const email = `load-${n}@example.com`;
      const password = `Load-${n}-Passw0rd`;
      const answer = await post('POST', '/rest/V1/customers', {
        customer: { email, firstname: 'Load', lastname: 'Test' },
        password,
      });
      if (answer.status === 200) ledger.created.push({ email, password });
    }
  }

  async function worker(): Promise<void> {
    for (;;) {
      outstanding += 1;
      try {
        await oneWrite();
      } catch {
        return; // no answer: the server was killed
      } finally {
        outstanding -= 1;
      }
    }
  }

  const done = Promise.all(Array.from({ length: workers }, worker)).then(() => ledger);
  return { done, inFlight: () => outstanding, ledger };
}
