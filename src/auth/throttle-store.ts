import type { UserType } from './principal.ts';

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
  /**
   * Settles a check as passed (the failures are forgotten, as Magento does) or as never finished; with `slot`,
   * also hands that address slot back (`releaseAddress`), in the same statement where the database allows.
   */
  releaseAttempt(
    userName: string,
    userType: UserType,
    outcome: 'passed' | 'abandoned',
    slot?: AddressReservation,
  ): Promise<void>;
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
  /**
   * When the address's window ends if it already holds `maxFailures` failures in it; undefined otherwise. A read
   * only, for checks that count only their failures (signed OAuth calls) and must not write on every success.
   */
  addressThrottledUntil(address: string, now: number, maxFailures: number): Promise<number | undefined>;
  /** Deletes address counters whose window has ended. */
  pruneAddresses(now: number): Promise<void>;
}

/** Whether a password check may run now (`go`), must be refused (`locked`) or must wait (`busy`). */
export type AttemptDecision = 'go' | 'locked' | 'busy';
