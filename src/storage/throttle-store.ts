import type { UserType } from '../auth/principal.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

/** Failed-login counters per (username, user type), Magento's `oauth_token_request_log`. */
export interface ThrottleStore {
  /**
   * Atomically counts one attempt before the password is checked, unless the account is locked
   * (`maxFailures` reached and the lock not yet expired). Answers whether the attempt may go ahead.
   */
  reserveAttempt(userName: string, userType: UserType, now: number, maxFailures: number, lockMs: number): Promise<boolean>;
  /** Forgets the failures, after a successful login or an unlock. */
  reset(userName: string, userType: UserType): Promise<void>;
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

export function createSqlThrottleStore(db: SqlDriver): ThrottleStore {
  return {
    async reserveAttempt(userName, userType, now, maxFailures, lockMs) {
      if (maxFailures <= 0) return false;
      const row = await db.get(RESERVE, [userName, userType, now + lockMs, now, now, maxFailures]);
      return row !== undefined;
    },
    async reset(userName, userType) {
      await db.run('DELETE FROM oauth_token_request_log WHERE user_name = ? AND user_type = ?', [userName, userType]);
    },
  };
}
