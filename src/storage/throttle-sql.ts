// The throttle statements, shared by the store that runs them one at a time and the sign-in opening that runs
// them together in one PostgreSQL statement: the counting rules are written once.

/** A check never takes this long; a place held by a node that died mid-check is freed after it. */
export const PENDING_TTL_MS = 60_000;
export const LOG = 'oauth_token_request_log';
/** Failures still counting, with an expired lock counted as none; binds `now`. */
export const FAILURES = `(CASE WHEN ${LOG}.lock_expires_at <= ? THEN 0 ELSE ${LOG}.failures_count END)`;
const PENDING = `(CASE WHEN ${LOG}.pending_expires_at <= ? THEN 0 ELSE ${LOG}.pending_count END)`;
export const ONE_LESS_PENDING = `CASE WHEN ${LOG}.pending_count > 0 THEN ${LOG}.pending_count - 1 ELSE 0 END`;

/**
 * Takes a place for one password check: one statement, so concurrent attempts on any number of nodes cannot
 * pass the limit (the database serialises the upserts on the row). `source` yields the new row's user_name,
 * user_type and pending_expires_at; then binds `now` five times and the limit. Returns a row when taken.
 */
export function reservePlace(source: string): string {
  return `
INSERT INTO ${LOG} (user_name, user_type, failures_count, lock_expires_at, pending_count, pending_expires_at)
${source}
ON CONFLICT (user_name, user_type) DO UPDATE SET
  failures_count = ${FAILURES},
  lock_expires_at = CASE WHEN ${LOG}.lock_expires_at <= ? THEN 0 ELSE ${LOG}.lock_expires_at END,
  pending_count = ${PENDING} + 1,
  pending_expires_at = excluded.pending_expires_at
WHERE ${FAILURES} + ${PENDING} < ?
RETURNING failures_count`;
}

/**
 * The same pattern per address, except that the window is fixed at the first failure: more failures do not
 * push its end further out, so Retry-After tells the truth. `source` yields the address and the window's end;
 * then binds `now` three times and the limit. Returns the window's end when a slot was taken.
 */
export function reserveAddressSlot(source: string): string {
  return `
INSERT INTO oauth_token_address_log (address, failures_count, window_ends_at) ${source}
ON CONFLICT (address) DO UPDATE SET
  failures_count = CASE WHEN oauth_token_address_log.window_ends_at <= ? THEN 1
                        ELSE oauth_token_address_log.failures_count + 1 END,
  window_ends_at = CASE WHEN oauth_token_address_log.window_ends_at <= ? THEN excluded.window_ends_at
                        ELSE oauth_token_address_log.window_ends_at END
WHERE oauth_token_address_log.window_ends_at <= ? OR oauth_token_address_log.failures_count < ?
RETURNING window_ends_at`;
}

/** Only within the window the slot was taken in: a new window's count is not the old attempt's to lower. */
export const RELEASE_ADDRESS = `
UPDATE oauth_token_address_log SET failures_count = failures_count - 1
WHERE address = ? AND window_ends_at = ? AND failures_count > 0`;

/** Frees an account's place; `passed` also forgets its failures, as Magento does. Binds user_name, user_type. */
export function releasePlace(outcome: 'passed' | 'abandoned'): string {
  const forget = outcome === 'passed' ? 'failures_count = 0, lock_expires_at = 0, ' : '';
  return `UPDATE ${LOG} SET ${forget}pending_count = ${ONE_LESS_PENDING} WHERE user_name = ? AND user_type = ?`;
}
