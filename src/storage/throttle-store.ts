import type { UserType } from '../auth/principal.ts';
import type { AddressReservation, AttemptDecision, ThrottleStore } from '../auth/throttle-store.ts';
import type { SqlDriver } from './sql/sql-driver.ts';
import {
  FAILURES,
  LOG,
  ONE_LESS_PENDING,
  PENDING_TTL_MS,
  RELEASE_ADDRESS,
  releasePlace,
  reserveAddressSlot,
  reservePlace,
} from './throttle-sql.ts';

const RESERVE = reservePlace('VALUES (?, ?, 0, 0, 1, ?)');
const RESERVE_ADDRESS = reserveAddressSlot('VALUES (?, 1, ?)');

const RECORD_FAILURE = `
INSERT INTO ${LOG} (user_name, user_type, failures_count, lock_expires_at, pending_count, pending_expires_at)
VALUES (?, ?, 1, ?, 0, 0)
ON CONFLICT (user_name, user_type) DO UPDATE SET
  failures_count = ${LOG}.failures_count + 1,
  lock_expires_at = excluded.lock_expires_at,
  pending_count = ${ONE_LESS_PENDING}
RETURNING failures_count`;

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

  async releaseAttempt(
    userName: string,
    userType: UserType,
    outcome: 'passed' | 'abandoned',
    slot?: AddressReservation,
  ): Promise<void> {
    const place = releasePlace(outcome);
    if (!slot) {
      await this.db.run(place, [userName, userType]);
    } else if (this.db.dialect === 'postgres') {
      // One statement instead of two: each would be a round trip and a commit of its own on every sign-in.
      await this.db.run(`WITH slot AS (${RELEASE_ADDRESS}) ${place}`, [
        slot.address,
        slot.windowEndsAt,
        userName,
        userType,
      ]);
    } else {
      // SQLite has no data-modifying WITH; its statements cost microseconds and no round trip.
      await this.db.run(place, [userName, userType]);
      await this.releaseAddress(slot);
    }
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
