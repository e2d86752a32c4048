import { createArgon2idHasher } from '../../src/auth/password-hasher.ts';
import type { PasswordHasher } from '../../src/auth/password-hasher.ts';

/** A real argon2id hasher with the smallest parameters, so tests stay fast. */
export function createFastHasher(): PasswordHasher {
  // 8 KiB is argon2's minimum for one lane; @node-rs/argon2 rejects anything smaller.
  return createArgon2idHasher({ memoryCost: 8, timeCost: 1, parallelism: 1 });
}

/** Wraps a hasher and counts how many times verify was called. */
export function countVerifications(inner: PasswordHasher): { hasher: PasswordHasher; count(): number; reset(): void } {
  let calls = 0;
  const hasher: PasswordHasher = {
    hash: (password) => inner.hash(password),
    verify: (password, stored) => {
      calls += 1;
      return inner.verify(password, stored);
    },
  };
  return {
    hasher,
    count: () => calls,
    reset: () => {
      calls = 0;
    },
  };
}
