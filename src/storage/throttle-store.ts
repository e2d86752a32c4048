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
   * Atomically takes a place for one password check before it runs. Failures and checks still running
   * together stay within `maxFailures`, so concurrent attempts on any number of nodes can never check more
   * passwords than the limit. Answers `go`; `locked` when failures alone reach the limit (and the lock has
   * not expired); `busy` when checks still running fill the remaining places (their outcome decides).
   */
  reserveAttempt(userName: string, userType: UserType, now: number, maxFailures: number): Promise<AttemptDecision>;
  /** Settles a check as failed: counts the failure, (re)starts the lock time; answers the failures so far. */
  recordFailure(userName: string, userType: UserType, now: number, lockMs: number): Promise<number>;
  /** Settles a check as passed (the failures are forgotten, as Magento does) or as never finished. */
  releaseAttempt(userName: string, userType: UserType, outcome: 'passed' | 'abandoned'): Promise<void>;
  /** Forgets the failures, for an unlock. */
  reset(userName: string, userType: UserType): Promise<void>;
  /**
   * Atomically counts one attempt from an address as a failure, before the password is checked, unless the
   * address already has `maxFailures` in its current window. A window starts with the first failure and
   * lasts `windowMs`. Answers the reservation, or the time its window ends when the address is throttled.
   */
  reserveAddress(
    address: string,
    now: number,
    maxFailures: number,
    windowMs: number,
  ): Promise<AddressReservation | { throttledUntil: number }>;
  /** Hands a slot back: the attempt succeeded, and only failures count. */
  releaseAddress(reservation: AddressReservation): Promise<void>;
  /** Deletes address counters whose window has ended. */
  pruneAddresses(now: number): Promise<void>;
}

export type AttemptDecision = 'go' | 'locked' | 'busy';

// A check never takes this long; a place held by a node that died mid-check is freed after it.
const PENDING_TTL_MS = 60_000;
const LOG = 'oauth_token_request_log';
// Failures and places still in use, with expired locks and expired places counted as none.
const FAILURES = `(CASE WHEN ${LOG}.lock_expires_at <= ? THEN 0 ELSE ${LOG}.failures_count END)`;
const PENDING = `(CASE WHEN ${LOG}.pending_expires_at <= ? THEN 0 ELSE ${LOG}.pending_count END)`;
const ONE_LESS_PENDING = `CASE WHEN ${LOG}.pending_count > 0 THEN ${LOG}.pending_count - 1 ELSE 0 END`;

// One statement, so concurrent attempts on any number of nodes cannot pass the limit: the database
// serialises the upserts on the row.
const RESERVE = `
INSERT INTO ${LOG} (user_name, user_type, failures_count, lock_expires_at, pending_count, pending_expires_at)
VALUES (?, ?, 0, 0, 1, ?)
ON CONFLICT (user_name, user_type) DO UPDATE SET
  failures_count = ${FAILURES},
  lock_expires_at = CASE WHEN ${LOG}.lock_expires_at <= ? THEN 0 ELSE ${LOG}.lock_expires_at END,
  pending_count = ${PENDING} + 1,
  pending_expires_at = excluded.pending_expires_at
WHERE ${FAILURES} + ${PENDING} < ?
RETURNING failures_count`;

const RECORD_FAILURE = `
INSERT INTO ${LOG} (user_name, user_type, failures_count, lock_expires_at, pending_count, pending_expires_at)
VALUES (?, ?, 1, ?, 0, 0)
ON CONFLICT (user_name, user_type) DO UPDATE SET
  failures_count = ${LOG}.failures_count + 1,
  lock_expires_at = excluded.lock_expires_at,
  pending_count = ${ONE_LESS_PENDING}
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
    async reserveAttempt(userName, userType, now, maxFailures) {
      if (maxFailures <= 0) return 'locked';
      const taken = await db.get(RESERVE, [
        userName,
        userType,
        now + PENDING_TTL_MS,
        now,
        now,
        now,
        now,
        now,
        maxFailures,
      ]);
      if (taken) return 'go';
      const row = await db.get<{ failures: number }>(
        `SELECT ${FAILURES} AS failures FROM ${LOG} WHERE user_name = ? AND user_type = ?`,
        [now, userName, userType],
      );
      return (row?.failures ?? 0) >= maxFailures ? 'locked' : 'busy';
    },
    async recordFailure(userName, userType, now, lockMs) {
      const row = await db.get<{ failures_count: number }>(RECORD_FAILURE, [userName, userType, now + lockMs]);
      return row!.failures_count;
    },
    async releaseAttempt(userName, userType, outcome) {
      const forget = outcome === 'passed' ? 'failures_count = 0, lock_expires_at = 0, ' : '';
      await db.run(
        `UPDATE ${LOG} SET ${forget}pending_count = ${ONE_LESS_PENDING} WHERE user_name = ? AND user_type = ?`,
        [userName, userType],
      );
    },
    async reset(userName, userType) {
      await db.run('DELETE FROM oauth_token_request_log WHERE user_name = ? AND user_type = ?', [userName, userType]);
    },
    async reserveAddress(address, now, maxFailures, windowMs) {
      const row = await db.get<{ window_ends_at: number }>(RESERVE_ADDRESS, [
        address,
        now + windowMs,
        now,
        now,
        now,
        maxFailures,
      ]);
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
