import type { UserType } from '../auth/principal.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

/** A failure slot taken for one client address: which window it counts in, for handing it back. */
export interface AddressReservation {
  address: string;
  windowEndsAt: number;
}

/**
 * Failed-login counters: per (username, user type), Magento's `oauth_token_request_log`; and per client
 * address, so that one address cannot work through many accounts' allowances unnoticed.
 */
export interface ThrottleStore {
  /**
   * Atomically counts one attempt before the password is checked, unless the account is locked
   * (`maxFailures` reached and the lock not yet expired). Answers the attempt's number in the current
   * window, or undefined when the account is locked and the attempt may not go ahead.
   */
  reserveAttempt(userName: string, userType: UserType, now: number, maxFailures: number, lockMs: number): Promise<number | undefined>;
  /** Forgets the failures, after a successful login or an unlock. */
  reset(userName: string, userType: UserType): Promise<void>;
  /**
   * Atomically counts one attempt from an address as a failure, before the password is checked, unless the
   * address already has `maxFailures` in its current window. A window starts with the first failure and
   * lasts `windowMs`. Answers the reservation, or the time its window ends when the address is throttled.
   */
  reserveAddress(address: string, now: number, maxFailures: number, windowMs: number): Promise<AddressReservation | { throttledUntil: number }>;
  /** Hands a slot back: the attempt succeeded, and only failures count. */
  releaseAddress(reservation: AddressReservation): Promise<void>;
  /** Deletes address counters whose window has ended. */
  pruneAddresses(now: number): Promise<void>;
}

// One statement, so concurrent attempts on any number of nodes cannot pass the limit: the database
// serialises the upserts on the row. A lock that has expired starts the count again.
const RESERVE = `
INSERT INTO oauth_token_request_log (user_name, user_type, failures_count, lock_expires_at) VALUES (?, ?, 1, ?)
ON CONFLICT (user_name, user_type) DO UPDATE SET
  failures_count = CASE WHEN oauth_token_request_log.lock_expires_at <= ? THEN 1
                        ELSE oauth_token_request_log.failures_count + 1 END,
  lock_expires_at = excluded.lock_expires_at
WHERE oauth_token_request_log.lock_expires_at <= ? OR oauth_token_request_log.failures_count < ?
RETURNING failures_count`;

// The same pattern per address, except that the window is fixed at the first failure: more failures do not
// push its end further out, so Retry-After tells the truth.
const RESERVE_ADDRESS = `
INSERT INTO oauth_token_address_log (address, failures_count, window_ends_at) VALUES (?, 1, ?)
ON CONFLICT (address) DO UPDATE SET
  failures_count = CASE WHEN oauth_token_address_log.window_ends_at <= ? THEN 1
                        ELSE oauth_token_address_log.failures_count + 1 END,
  window_ends_at = CASE WHEN oauth_token_address_log.window_ends_at <= ? THEN excluded.window_ends_at
                        ELSE oauth_token_address_log.window_ends_at END
WHERE oauth_token_address_log.window_ends_at <= ? OR oauth_token_address_log.failures_count < ?
RETURNING window_ends_at`;

// Only within the window the slot was taken in: a new window's count is not the old attempt's to lower.
const RELEASE_ADDRESS = `
UPDATE oauth_token_address_log SET failures_count = failures_count - 1
WHERE address = ? AND window_ends_at = ? AND failures_count > 0`;

export function createSqlThrottleStore(db: SqlDriver): ThrottleStore {
  return {
    async reserveAttempt(userName, userType, now, maxFailures, lockMs) {
      if (maxFailures <= 0) return undefined;
      const row = await db.get<{ failures_count: number }>(RESERVE, [userName, userType, now + lockMs, now, now, maxFailures]);
      return row?.failures_count;
    },
    async reset(userName, userType) {
      await db.run('DELETE FROM oauth_token_request_log WHERE user_name = ? AND user_type = ?', [userName, userType]);
    },
    async reserveAddress(address, now, maxFailures, windowMs) {
      const row = await db.get<{ window_ends_at: number }>(RESERVE_ADDRESS, [address, now + windowMs, now, now, now, maxFailures]);
      if (row) return { address, windowEndsAt: row.window_ends_at };
      const current = await db.get<{ window_ends_at: number }>(
        'SELECT window_ends_at FROM oauth_token_address_log WHERE address = ?',
        [address],
      );
      return { throttledUntil: current?.window_ends_at ?? now };
    },
    async releaseAddress({ address, windowEndsAt }) {
      await db.run(RELEASE_ADDRESS, [address, windowEndsAt]);
    },
    async pruneAddresses(now) {
      await db.run('DELETE FROM oauth_token_address_log WHERE window_ends_at <= ?', [now]);
    },
  };
}
