// alone: it compares response times, which other test files writing to disk at the same time would decide
// No account enumeration through the token route: with the real argon2id hasher, an unknown username and a
// known one with a wrong password get the same status and body, and their median response times differ by
// less than 10%. Calls alternate (unknown, known, unknown, ...) so that drift in machine load hits both alike,
// and medians rather than means keep a stray pause from deciding the outcome.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { createArgon2idHasher } from '../../src/auth/password-hasher.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

const TOKEN_URL = '/rest/V1/integration/customer/token';
const KNOWN = 'known-user@example.com';
const WARM_UP = 20;
const SAMPLES = 200;
const BOUND = 0.1;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

describe('account enumeration by timing', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer({ hasher: createArgon2idHasher() });
    await s.seedCustomer({ email: KNOWN, password: 'The-real-passw0rd' });
    // Neither the account lock nor the address limit may step in: every call must reach the password check.
    await s.keyway.settings.set('oauth/authentication_lock/max_failures_count', '100000');
    await s.keyway.settings.set('webapi/throttle/address_max_failures', '100000');
  });
  after(() => s.close());

  it(`an unknown user and a wrong password answer alike, medians of ${SAMPLES} within ${BOUND * 100}%`, async () => {
    const timed = async (username: string) => {
      const start = performance.now();
      const response = await s.call('POST', TOKEN_URL, { json: { username, password: 'Wrong-passw0rd' } });
      return { ms: performance.now() - start, status: response.status, text: response.text };
    };
    for (let i = 0; i < WARM_UP; i++) {
      await timed(`warm-up-${i}@example.com`);
      await timed(KNOWN);
    }
    const unknown: number[] = [];
    const known: number[] = [];
    s.verifications.reset();
    for (let i = 0; i < SAMPLES; i++) {
      // A different unknown name each time, as an enumerating client would send.
      const a = await timed(`nobody-${i}@example.com`);
      const b = await timed(KNOWN);
      assert.equal(a.status, 401);
      assert.equal(b.status, a.status, 'the same status');
      assert.equal(b.text, a.text, 'the same body');
      unknown.push(a.ms);
      known.push(b.ms);
    }
    const [unknownMedian, knownMedian] = [median(unknown), median(known)];
    const ratio = unknownMedian / knownMedian;
    console.log(
      `enumeration timing: median unknown user ${unknownMedian.toFixed(2)} ms, known user with a wrong password ` +
        `${knownMedian.toFixed(2)} ms, ratio ${ratio.toFixed(3)} (${SAMPLES} each, argon2id m=19456 t=2 p=1)`,
    );
    assert.ok(
      Math.abs(unknownMedian - knownMedian) < BOUND * Math.min(unknownMedian, knownMedian),
      `ratio ${ratio.toFixed(3)}`,
    );
    assert.equal(s.verifications.count(), 2 * SAMPLES, 'every call checked a password');
  });
});
