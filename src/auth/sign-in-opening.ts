import type { SignInUserType } from './principal.ts';
import type { AdminCredentials, CustomerCredentials } from './sign-in-stores.ts';
import type { AddressReservation, AttemptDecision } from './throttle-store.ts';

/** The address limit a sign-in is held to; absent when the caller has no address or the limit is off. */
export interface AddressLimit {
  /** The counted form of the address (`addressKey`). */
  key: string;
  maxFailures: number;
  windowMs: number;
}

/** What a sign-in asks before its password check: an address slot, then a place for the account, then the account. */
export interface OpeningRequest {
  address: AddressLimit | undefined;
  /** The throttle key of the username (`throttleKey`). */
  userName: string;
  userType: SignInUserType;
  now: number;
  maxFailures: number;
}

/**
 * The answer, taken in that order with the same effects as `ThrottleStore.reserveAddress`, then
 * `reserveAttempt`, then the account lookup: a throttled address takes no place, and the account is only read
 * for a place taken (`go`).
 */
export interface Opening<Account> {
  /** The slot taken; `throttledUntil` when the address is throttled; undefined when no address is counted. */
  address: AddressReservation | { throttledUntil: number } | undefined;
  /** Undefined when the address was throttled, since then no place was asked for. */
  decision: AttemptDecision | undefined;
  account: Account | undefined;
}

/**
 * The opening of a sign-in, behind one port so that a database able to take it in fewer statements can. In
 * SQL it is one statement per table, so that no two sign-ins lock the throttle rows in opposite orders
 * (`storage/sign-in-opening-store.ts`).
 */
export interface SignInOpeningStore {
  openCustomer(request: OpeningRequest, websiteId: number, email: string): Promise<Opening<CustomerCredentials>>;
  /** Usernames match case-insensitively, as `AdminSignInStore.findByUsername` does. */
  openAdmin(request: OpeningRequest, username: string): Promise<Opening<AdminCredentials>>;
}
