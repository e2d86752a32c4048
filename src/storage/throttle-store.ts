import type { UserType } from '../auth/principal.ts';
import type { AddressReservation, AttemptDecision, ThrottleStore } from '../auth/throttle-store.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

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

/** Failed-login counters in SQL, each decision taken by one statement so that nodes cannot race past a limit. */
export class SqlThrottleStore implements ThrottleStore {
  constructor(private readonly db: SqlDriver) {}

  async reserveAttempt(
    userName: string,
    userType: UserType,
    now: number,
    maxFailures: number,
  ): Promise<AttemptDecision> {
    if (maxFailures <= 0) return 'locked';
    const taken = await this.db.get(RESERVE, [
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
    const row = await this.db.get<{ failures: number }>(
      `SELECT ${FAILURES} AS failures FROM ${LOG} WHERE user_name = ? AND user_type = ?`,
      [now, userName, userType],
    );
    return (row?.failures ?? 0) >= maxFailures ? 'locked' : 'busy';
  }

  async recordFailure(userName: string, userType: UserType, now: number, lockMs: number): Promise<number> {
    const row = await this.db.get<{ failures_count: number }>(RECORD_FAILURE, [userName, userType, now + lockMs]);
    return row!.failures_count;
  }

  async releaseAttempt(userName: string, userType: UserType, outcome: 'passed' | 'abandoned'): Promise<void> {
    const forget = outcome === 'passed' ? 'failures_count = 0, lock_expires_at = 0, ' : '';
    await this.db.run(
      `UPDATE ${LOG} SET ${forget}pending_count = ${ONE_LESS_PENDING} WHERE user_name = ? AND user_type = ?`,
      [userName, userType],
    );
  }

  async reset(userName: string, userType: UserType): Promise<void> {
    await this.db.run('DELETE FROM oauth_token_request_log WHERE user_name = ? AND user_type = ?', [
      userName,
      userType,
    ]);
  }

  async reserveAddress(
    address: string,
    now: number,
    maxFailures: number,
    windowMs: number,
  ): Promise<AddressReservation | { throttledUntil: number }> {
    const row = await this.db.get<{ window_ends_at: number }>(RESERVE_ADDRESS, [
      address,
      now + windowMs,
      now,
      now,
      now,
      maxFailures,
    ]);
    if (row) return { address, windowEndsAt: row.window_ends_at };
    const current = await this.db.get<{ window_ends_at: number }>(
      'SELECT window_ends_at FROM oauth_token_address_log WHERE address = ?',
      [address],
    );
    return { throttledUntil: current?.window_ends_at ?? now };
  }

  async releaseAddress({ address, windowEndsAt }: AddressReservation): Promise<void> {
    await this.db.run(RELEASE_ADDRESS, [address, windowEndsAt]);
  }

  async addressThrottledUntil(address: string, now: number, maxFailures: number): Promise<number | undefined> {
    const row = await this.db.get<{ window_ends_at: number }>(
      'SELECT window_ends_at FROM oauth_token_address_log WHERE address = ? AND window_ends_at > ? AND failures_count >= ?',
      [address, now, maxFailures],
    );
    return row?.window_ends_at;
  }

  async pruneAddresses(now: number): Promise<void> {
    await this.db.run('DELETE FROM oauth_token_address_log WHERE window_ends_at <= ?', [now]);
  }
}
