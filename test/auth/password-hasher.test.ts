// backends: sqlite, postgres
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { hashRaw } from '@node-rs/argon2';
import { createArgon2idHasher, OWASP_ARGON2ID } from '../../src/auth/password-hasher.ts';
import { countVerifications, createFastHasher } from '../helpers/hashers.ts';
import { sharedFixture, skipWithoutFixture } from '../helpers/shared-fixtures.ts';

const REJECTED = { ok: false, needsRehash: false };
const LEGACY_OK = { ok: true, needsRehash: true };

test('hash then verify accepts the right password and rejects a wrong one', async () => {
  const hasher = createArgon2idHasher();
  const stored = await hasher.hash('correct horse');
  assert.ok(stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$'), stored);
  assert.deepEqual(await hasher.verify('correct horse', stored), { ok: true, needsRehash: false });
  assert.deepEqual(await hasher.verify('correct horsE', stored), REJECTED);
});

test('OWASP_ARGON2ID holds the OWASP parameters', () => {
  assert.deepEqual(OWASP_ARGON2ID, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
});

test('two hashes of the same password differ (random salt)', async () => {
  const hasher = createFastHasher();
  const [a, b] = await Promise.all([hasher.hash('same'), hasher.hash('same')]);
  assert.notEqual(a, b);
  assert.ok(a.startsWith('$argon2id$v=19$m=8,t=1,p=1$'), a);
  assert.equal((await hasher.verify('same', b)).ok, true);
});

test('needsRehash is false for the same options and true for others', async () => {
  const fast = createFastHasher();
  const other = createArgon2idHasher({ memoryCost: 16, timeCost: 1, parallelism: 1 });
  const stored = await fast.hash('pw');
  assert.deepEqual(await fast.verify('pw', stored), { ok: true, needsRehash: false });
  assert.deepEqual(await other.verify('pw', stored), { ok: true, needsRehash: true });
  assert.deepEqual(await other.verify('nope', stored), REJECTED);
});

const FIXTURE = sharedFixture('magento/password-hashes.json');

test('real Magento vectors verify, and fail with the wrong password', async (t) => {
  if (skipWithoutFixture(t, FIXTURE)) return;
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as {
    vectors: { stored: string; password: string }[];
    wrong_password_for_each: string;
  };
  assert.ok(fixture.vectors.length > 0);
  const hasher = createFastHasher();
  for (const { stored, password } of fixture.vectors) {
    assert.deepEqual(await hasher.verify(password, stored), LEGACY_OK, stored);
    assert.deepEqual(await hasher.verify(fixture.wrong_password_for_each, stored), REJECTED, stored);
  }
});

// Expected digests below were produced independently: hashlib for md5/sha256 and libsodium's own
// crypto_pwhash (via ctypes) for the argon2 steps, so they check Keyway against the real thing.
test('Magento version 0 (md5) and 1 (sha256) verify', async () => {
  const hasher = createFastHasher();
  const md5 = `${createHash('md5').update('pepperhunter2').digest('hex')}:pepper:0`;
  const sha = `${createHash('sha256').update('pepperhunter2').digest('hex')}:pepper:1`;
  assert.equal(md5, '946ccf1cf1cfccb6bce540c3b83432f7:pepper:0');
  assert.equal(sha, 'ca458f67a1e64e60f40414c062c57abbfc1d41b5d0c30cd07d12704540067f21:pepper:1');
  assert.deepEqual(await hasher.verify('hunter2', md5), LEGACY_OK);
  assert.deepEqual(await hasher.verify('hunter2', sha), LEGACY_OK);
  assert.deepEqual(await hasher.verify('hunter3', md5), REJECTED);
  assert.deepEqual(await hasher.verify('hunter3', sha), REJECTED);
  // The version decides the algorithm: a sha256 digest labelled md5 must not pass.
  assert.deepEqual(await hasher.verify('hunter2', sha.replace(/:1$/, ':0')), REJECTED);
});

test('chained Magento 1:3_32_2_67108864 verifies (sha256 then argon2id)', async () => {
  const salt = 'Q7fT2xLp9WcR4vZk8NdY3mHs6GbJ1aEo';
  const password = 'héllo-wörld';
  const step1 = createHash('sha256')
    .update(salt + password, 'utf8')
    .digest('hex');
  // hashRaw's defaults are argon2id v0x13; libsodium's crypto_pwhash uses one lane and m = memlimit/1024.
  const step2 = await hashRaw(step1, {
    memoryCost: 65536,
    timeCost: 2,
    parallelism: 1,
    outputLen: 32,
    salt: Buffer.from(salt).subarray(0, 16),
  });
  const stored = `${step2.toString('hex')}:${salt}:1:3_32_2_67108864`;
  assert.equal(step2.toString('hex'), 'a02f0f5ce7e673671a2df63b648bb196337493b8bb3f2661e8e5b89bd35cdc55');
  const hasher = createFastHasher();
  assert.deepEqual(await hasher.verify(password, stored), LEGACY_OK);
  assert.deepEqual(await hasher.verify('hello-world', stored), REJECTED);
  // Dropping the first step from the history must break it: each version is applied in order.
  assert.deepEqual(await hasher.verify(password, stored.replace(':1:3_', ':3_')), REJECTED);
});

test('Magento version 2 pads a short salt with itself, as str_pad does', async () => {
  // libsodium with salt 'abcabcabcabcabca'
  const stored = '3d1e066fbbc5708c3aa33d9a7560b36613d29cd8f9973284c9caf18272b3fc28:abc:2';
  const hasher = createFastHasher();
  assert.deepEqual(await hasher.verify('k3yway-secret', stored), LEGACY_OK);
  assert.deepEqual(await hasher.verify('k3yway-secreT', stored), REJECTED);
});

test('agnostic argon2 reads output length, ops and memory from the version', async () => {
  // libsodium crypto_pwhash(16 bytes, ops 1, mem 8192, salt 'pepperpepperpepp')
  const stored = '36ea15e2a0588dc3fec962f0b86229e2:pepperpepperpepper:3_16_1_8192';
  const hasher = createFastHasher();
  assert.deepEqual(await hasher.verify('hunter2', stored), LEGACY_OK);
  assert.deepEqual(await hasher.verify('hunter2', stored.replace('3_16_1_8192', '3_16_2_8192')), REJECTED);
});

test('malformed stored values are rejected without throwing', async () => {
  const hasher = createFastHasher();
  const malformed = [
    '',
    'abc',
    'zz:salt:1',
    '$argon2id$garbage',
    'aa:bb:9',
    '946ccf1cf1cfccb6bce540c3b83432f7:pepper', // two parts: not a Magento password hash
    '946ccf1cf1cfccb6bce540c3b83432f7:pepper:', // empty version (PHP's (int)'' would mean md5)
    '946ccf1cf1cfccb6bce540c3b83432f7:pepper:0:', // trailing empty version
    '946CCF1CF1CFCCB6BCE540C3B83432F7:pepper:0', // Magento writes and compares lowercase hex
    'aa:bb:3',
    'aa::2',
    'aa:bb:3_32_2_99999999999',
    'aa:bb:3_32_0_67108864',
    '$argon2i$v=19$m=8,t=1,p=1$c29tZXNhbHQ$aGFzaA',
    '$argon2id$v=19$m=8,t=1,p=1$AAAA$BBBB',
  ];
  for (const stored of malformed) {
    assert.deepEqual(await hasher.verify('hunter2', stored), REJECTED, JSON.stringify(stored));
  }
  // A non-string from a corrupt row is also just "no match".
  assert.deepEqual(await hasher.verify('hunter2', null as unknown as string), REJECTED);
});

test('countVerifications counts verify calls and passes results through', async () => {
  const counted = countVerifications(createFastHasher());
  const stored = await counted.hasher.hash('pw');
  assert.equal(counted.count(), 0, 'hash is not a verification');
  assert.equal((await counted.hasher.verify('pw', stored)).ok, true);
  assert.equal((await counted.hasher.verify('nope', stored)).ok, false);
  await counted.hasher.verify('pw', 'garbage');
  assert.equal(counted.count(), 3);
  counted.reset();
  assert.equal(counted.count(), 0);
  await counted.hasher.verify('pw', stored);
  assert.equal(counted.count(), 1);
});

test('verifying an argon2 hash does not block the event loop', async () => {
  const hasher = createArgon2idHasher();
  const stored = await hasher.hash('pw');
  const events: string[] = [];
  // If verify did its work synchronously, all four promises would settle (microtasks) before this
  // macrotask gets a turn; on the threadpool, the loop keeps turning while they run.
  setImmediate(() => events.push('immediate'));
  const checks = Array.from({ length: 4 }, () =>
    hasher.verify('pw', stored).then((result) => {
      events.push('verified');
      return result;
    }),
  );
  const results = await Promise.all(checks);
  assert.equal(events[0], 'immediate', events.join(','));
  assert.equal(events.filter((e) => e === 'verified').length, 4);
  assert.ok(results.every((r) => r.ok));
});

test('at most `concurrency` hashes run at once, and every call still completes', async () => {
  const { createConcurrencyLimit } = await import('../../src/auth/concurrency-limit.ts');
  const limit = createConcurrencyLimit(2);
  let running = 0;
  let peak = 0;
  const task = async (i: number) => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
    return i;
  };
  const results = await Promise.all(Array.from({ length: 10 }, (_, i) => limit(() => task(i))));
  assert.deepEqual(results, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(peak, 2);
  const failing = limit(async () => {
    throw new Error('boom');
  });
  await assert.rejects(failing, /boom/);
  assert.equal(await limit(() => task(42)), 42, 'a failed task frees its place');
});

/** The nice value of each of this process's threads (Linux). */
function threadNices(): number[] {
  const tasks = readdirSync('/proc/self/task');
  return tasks.map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ')[16]));
}

test('a background hasher hashes on threads that yield the cores, with the same answers', async () => {
  const before = threadNices().filter((nice) => nice === 10).length;
  const hasher = createArgon2idHasher({ memoryCost: 8, timeCost: 1, parallelism: 1 }, 2, true);
  const stored = await hasher.hash('pw');
  assert.ok(stored.startsWith('$argon2id$v=19$m=8,t=1,p=1$'), stored);
  const [right, wrong, corrupt] = await Promise.all([
    hasher.verify('pw', stored),
    hasher.verify('nope', stored),
    hasher.verify('pw', '$argon2id$v=19$m=8,t=1,p=1$AAAA$BBBB'),
  ]);
  assert.deepEqual([right, wrong, corrupt], [{ ok: true, needsRehash: false }, REJECTED, REJECTED]);
  assert.equal(
    await createFastHasher()
      .verify('pw', stored)
      .then((r) => r.ok),
    true,
    'the same format',
  );
  if (process.platform === 'linux') {
    assert.equal(threadNices().filter((nice) => nice === 10).length - before, 2, 'two threads at nice 10');
    assert.equal(threadNices()[0], 0, 'the main thread keeps its priority');
  }
});
