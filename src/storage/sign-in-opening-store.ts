import type { Opening, OpeningRequest, SignInOpeningStore } from '../auth/sign-in-opening.ts';
import type {
  AdminCredentials,
  AdminSignInStore,
  CustomerCredentials,
  CustomerSignInStore,
} from '../auth/sign-in-stores.ts';
import type { ThrottleStore } from '../auth/throttle-store.ts';
import { emailKey, isLookupKey } from './customer-store.ts';
import type { SqlDriver, SqlParam } from './sql/sql-driver.ts';
import { FAILURES, LOG, PENDING_TTL_MS, reserveAddressSlot, reservePlace } from './throttle-sql.ts';

// PostgreSQL runs the address slot, the account's place and the account lookup as one statement: the place
// is only asked for once the slot is taken, in the same order as the statements one at a time. The trailing
// `? = 1` of each lookup is off for a key no account can have (`isLookupKey`), so that lookup reads nothing.
const OPEN = (account: string) => `
WITH slot AS (${reserveAddressSlot('SELECT CAST(? AS TEXT), 1, CAST(? AS BIGINT) WHERE ? = 1')}),
place AS (${reservePlace(
  'SELECT CAST(? AS TEXT), CAST(? AS SMALLINT), 0, 0, 1, CAST(? AS BIGINT) WHERE ? > 0 AND (? = 0 OR EXISTS (SELECT 1 FROM slot))',
)})
SELECT (SELECT window_ends_at FROM slot) AS slot_ends_at,
  (SELECT window_ends_at FROM oauth_token_address_log WHERE address = ?) AS address_ends_at,
  (SELECT 1 FROM place) AS placed,
  (SELECT ${FAILURES} FROM ${LOG} WHERE user_name = ? AND user_type = ?) AS failures,
  account.*
FROM (SELECT 1 AS here) AS here LEFT JOIN (${account}) AS account ON TRUE`;

const OPEN_CUSTOMER = OPEN(
  `SELECT entity_id, password_hash, is_active, failures_num, first_failure, lock_expires FROM customer_entity
   WHERE website_id = ? AND email_key = ? AND ? = 1`,
);
const OPEN_ADMIN = OPEN('SELECT user_id, password_hash, is_active FROM admin_user WHERE username_key = ? AND ? = 1');

interface OpenRow {
  slot_ends_at: number | null;
  address_ends_at: number | null;
  placed: number | null;
  failures: number | null;
}

/** A sign-in's opening: one statement on PostgreSQL; SQLite's statements one at a time, as cheap as they come. */
export class SqlSignInOpeningStore implements SignInOpeningStore {
  constructor(
    private readonly db: SqlDriver,
    private readonly throttle: ThrottleStore,
    private readonly customers: Pick<CustomerSignInStore, 'findByEmail'>,
    private readonly admins: Pick<AdminSignInStore, 'findByUsername'>,
  ) {}

  openCustomer(request: OpeningRequest, websiteId: number, email: string): Promise<Opening<CustomerCredentials>> {
    if (this.db.dialect !== 'postgres') return this.inTurn(request, () => this.customers.findByEmail(websiteId, email));
    const lookup = isLookupKey(email);
    // A key no account can have is not sent at all: PostgreSQL refuses a NUL in text outright.
    const params = [websiteId, lookup ? emailKey(email) : '', lookup ? 1 : 0];
    return this.together<CustomerCredentials>(request, OPEN_CUSTOMER, params, 'entity_id');
  }

  openAdmin(request: OpeningRequest, username: string): Promise<Opening<AdminCredentials>> {
    if (this.db.dialect !== 'postgres') return this.inTurn(request, () => this.admins.findByUsername(username));
    const lookup = isLookupKey(username);
    const params = [lookup ? username.toLowerCase() : '', lookup ? 1 : 0];
    return this.together<AdminCredentials>(request, OPEN_ADMIN, params, 'user_id');
  }

  private async together<A>(
    request: OpeningRequest,
    sql: string,
    accountParams: SqlParam[],
    /** The account's id column: null when no account matched. */
    id: keyof A,
  ): Promise<Opening<A>> {
    const { address, userName, userType, now, maxFailures } = request;
    const on = address ? 1 : 0;
    const key = address?.key ?? '';
    const row = (await this.db.get<OpenRow & { [K in keyof A]: A[K] | null }>(sql, [
      ...[key, now + (address?.windowMs ?? 0), on, now, now, now, address?.maxFailures ?? 0],
      ...[userName, userType, now + PENDING_TTL_MS, maxFailures, on, now, now, now, now, now, maxFailures],
      ...[key, now, userName, userType],
      ...accountParams,
    ]))!;
    if (address && row.slot_ends_at === null) {
      return { address: { throttledUntil: row.address_ends_at ?? now }, decision: undefined, account: undefined };
    }
    const slot = address ? { address: key, windowEndsAt: row.slot_ends_at! } : undefined;
    if (maxFailures <= 0) return { address: slot, decision: 'locked', account: undefined };
    const account = row[id] === null ? undefined : (row as A);
    if (row.placed !== null) return { address: slot, decision: 'go', account };
    return { address: slot, decision: (row.failures ?? 0) >= maxFailures ? 'locked' : 'busy', account: undefined };
  }

  private async inTurn<A>(request: OpeningRequest, find: () => Promise<A | undefined>): Promise<Opening<A>> {
    const { address: limit, userName, userType, now, maxFailures } = request;
    const address = limit && (await this.throttle.reserveAddress(limit.key, now, limit.maxFailures, limit.windowMs));
    if (address && 'throttledUntil' in address) return { address, decision: undefined, account: undefined };
    const decision = await this.throttle.reserveAttempt(userName, userType, now, maxFailures);
    if (decision !== 'go') return { address, decision, account: undefined };
    try {
      return { address, decision, account: await find() };
    } catch (error) {
      // As the one statement would: a lookup that failed leaves nothing taken.
      await this.throttle.releaseAttempt(userName, userType, 'abandoned', address).catch(() => {});
      throw error;
    }
  }
}
