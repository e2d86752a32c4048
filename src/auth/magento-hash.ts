// Magento 2's legacy password formats, as checked by Magento\Framework\Encryption\Encryptor::isValidHash.
// A stored value is `hexhash:salt:version[:version...]`. Upgraded hashes keep their algorithm history, oldest
// first, and every version is applied in turn to the previous result, always with the same salt:
//   0                  md5(salt + x)
//   1                  sha256(salt + x)
//   2                  libsodium crypto_pwhash argon2id13, 32-byte output, OPSLIMIT/MEMLIMIT_INTERACTIVE
//   3_<out>_<ops>_<mem> the same, with output length, opslimit and memlimit (bytes) stored in the version
// Each step's output is lowercase hex, and that hex string is the next step's input.
import { createHash, timingSafeEqual } from 'node:crypto';
import { hashRaw } from '@node-rs/argon2';
import type { Algorithm, Version } from '@node-rs/argon2';

// @node-rs/argon2 declares Algorithm and Version as `const enum`s: they are `{}` at runtime and tsx cannot
// inline them from a .d.ts, so `Version.V0x13` would silently be undefined. The numeric values are spelled
// out instead (note Version.V0x13 is 1, not 0x13; passing 0x13 throws).
/** @node-rs/argon2's Algorithm.Argon2id. */
export const ALGORITHM_ARGON2ID = 2 as Algorithm;
/** @node-rs/argon2's Version.V0x13 (argon2 version 19). */
export const VERSION_0X13 = 1 as Version;

type Step =
  | { kind: 'digest'; algorithm: 'md5' | 'sha256' }
  | { kind: 'argon2id'; outputLen: number; opsLimit: number; memLimit: number };

/** A parsed Magento stored hash. */
export interface MagentoHash {
  digest: string;
  salt: string;
  steps: Step[];
}

const SODIUM_SALT_BYTES = 16; // SODIUM_CRYPTO_PWHASH_SALTBYTES
// What version 2 uses: SODIUM_CRYPTO_SIGN_SEEDBYTES, SODIUM_CRYPTO_PWHASH_{OPS,MEM}LIMIT_INTERACTIVE.
const SODIUM_INTERACTIVE: Step = { kind: 'argon2id', outputLen: 32, opsLimit: 2, memLimit: 67108864 };
const AGNOSTIC_VERSION = /^3_(\d{1,10})_(\d{1,10})_(\d{1,10})$/;
// Magento writes lowercase hex and compares strings, so uppercase never matched there either.
const LOWER_HEX = /^[0-9a-f]+$/;

// Stored values may come from an imported Magento database, so the cost parameters in a `3_...` version
// are bounded: an absurd memlimit would otherwise let one row exhaust the server's memory on every login.
// The lower bounds are libsodium's own minimums (crypto_pwhash_BYTES_MIN, OPSLIMIT_MIN, MEMLIMIT_MIN).
const LIMITS = { outputLen: [16, 64], opsLimit: [1, 10], memLimit: [8192, 1024 * 1024 * 1024] } as const;

function within(value: number, [min, max]: readonly [number, number]): boolean {
  return Number.isSafeInteger(value) && value >= min && value <= max;
}

// Stricter than Magento, which casts unknown versions with (int) (so '' or 'x' would mean md5): only the
// exact spellings Magento writes are accepted.
function parseStep(version: string): Step | null {
  if (version === '0') return { kind: 'digest', algorithm: 'md5' };
  if (version === '1') return { kind: 'digest', algorithm: 'sha256' };
  if (version === '2') return SODIUM_INTERACTIVE;
  const match = AGNOSTIC_VERSION.exec(version);
  if (!match) return null;
  const [outputLen, opsLimit, memLimit] = match.slice(1).map(Number);
  if (!within(outputLen, LIMITS.outputLen) || !within(opsLimit, LIMITS.opsLimit)) return null;
  if (!within(memLimit, LIMITS.memLimit)) return null;
  return { kind: 'argon2id', outputLen, opsLimit, memLimit };
}

/** Parses `hexhash:salt:version[:version...]`, or returns null when the value is not in that shape. */
export function parseMagentoHash(stored: string): MagentoHash | null {
  // Mirrors explode(':', $hash, 3): the salt cannot contain ':' and everything after it is the version list.
  const first = stored.indexOf(':');
  const second = first < 0 ? -1 : stored.indexOf(':', first + 1);
  if (second < 0) return null;
  const digest = stored.slice(0, first);
  const salt = stored.slice(first + 1, second);
  const steps = stored
    .slice(second + 1)
    .split(':')
    .map(parseStep);
  if (!LOWER_HEX.test(digest) || steps.some((step) => step === null)) return null;
  return { digest, salt, steps: steps as Step[] };
}

// Magento's getArgonHash: a salt shorter than 16 bytes is str_pad'ded with itself (cyclically repeated),
// a longer one is cut. Buffer.alloc with a buffer fill does exactly that. An empty salt makes str_pad throw
// in PHP, so Magento never accepts it for argon2; neither do we.
function sodiumSalt(salt: string): Buffer | null {
  const bytes = Buffer.from(salt, 'utf8');
  return bytes.length === 0 ? null : Buffer.alloc(SODIUM_SALT_BYTES, bytes);
}

// libsodium's crypto_pwhash for argon2id13 is argon2id v1.3, parallelism 1, m = floor(memlimit / 1024) KiB.
// The async hashRaw runs on the libuv threadpool, so a 64 MiB hash does not stall the event loop.
async function argon2Hex(data: string, salt: Buffer, step: Extract<Step, { kind: 'argon2id' }>): Promise<string> {
  const raw = await hashRaw(data, {
    algorithm: ALGORITHM_ARGON2ID,
    version: VERSION_0X13,
    memoryCost: Math.floor(step.memLimit / 1024),
    timeCost: step.opsLimit,
    parallelism: 1,
    outputLen: step.outputLen,
    salt,
  });
  return raw.toString('hex');
}

/** Compares two strings in constant time; unequal lengths are simply unequal (length is not secret here). */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Checks a password against a Magento 2 stored hash; false (never a throw) for anything malformed. */
export async function verifyMagentoHash(password: string, stored: string): Promise<boolean> {
  const parsed = parseMagentoHash(stored);
  if (!parsed) return false;
  let recreated = password;
  for (const step of parsed.steps) {
    if (step.kind === 'digest') {
      recreated = createHash(step.algorithm)
        .update(parsed.salt + recreated, 'utf8')
        .digest('hex');
    } else {
      const salt = sodiumSalt(parsed.salt);
      if (!salt) return false;
      recreated = await argon2Hex(recreated, salt, step);
    }
  }
  return constantTimeEqual(recreated, parsed.digest);
}

const DIGEST_HEX_LENGTH = { md5: 32, sha256: 64 } as const;

/**
 * True when `value` is a Magento hash string Keyway can check a password against: the shape, every version
 * in the chain, a digest as long as the last step writes, and a salt wherever argon2 needs one. An importer
 * refuses the row otherwise, so a bad value is named at import rather than found at a customer's sign-in.
 */
export function isReadableMagentoHash(value: string): boolean {
  const parsed = parseMagentoHash(value);
  if (!parsed || parsed.steps.length === 0) return false;
  const last = parsed.steps[parsed.steps.length - 1];
  const length = last.kind === 'digest' ? DIGEST_HEX_LENGTH[last.algorithm] : last.outputLen * 2;
  if (parsed.digest.length !== length) return false;
  return parsed.steps.every((step) => step.kind === 'digest') || sodiumSalt(parsed.salt) !== null;
}
