import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { Settings } from '../config/settings.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { AddressThrottle } from './address-throttle.ts';
import type { AuthEvents } from './auth-events.ts';
import type { PasswordHasher } from './password-hasher.ts';
import { UserType, type SignInUserType } from './principal.ts';
import type { Opening, OpeningRequest, SignInOpeningStore } from './sign-in-opening.ts';
import type { AdminSignInStore, CustomerSignInStore } from './sign-in-stores.ts';
import { throttleKey } from './throttle-key.ts';
import type { AttemptDecision, ThrottleStore } from './throttle-store.ts';
import type { RawToken } from './token.ts';
import type { RequestMeta, TokenService } from './token-service.ts';

/** What a login checks the password against: an account's hash, or a stand-in for unknown usernames. */
interface Candidate {
  /** The account's id, for a check that follows the password (a second factor). */
  id: number;
  passwordHash: string | null;
  /** Whether a correct password may sign in (active, not locked). */
  mayLogin: boolean;
  onSuccess(rehash: string | undefined): Promise<number>;
  onFailure(): Promise<void>;
}

/** How a sign-in reaches one kind of account: with its throttle checks, alone, and as a candidate. */
interface AccountAccess<Account> {
  open(request: OpeningRequest): Promise<Opening<Account>>;
  find(): Promise<Account | undefined>;
  candidate(account: Account): Candidate;
}

export interface LoginDeps {
  customers: CustomerSignInStore;
  admins: AdminSignInStore;
  throttle: ThrottleStore;
  /** The throttle checks and the account lookup of a sign-in, together. */
  signIn: SignInOpeningStore;
  hasher: PasswordHasher;
  tokens: TokenService;
  settings: Settings;
  clock: Clock;
  logger: Logger;
  /** Told of lockouts, for the metrics. */
  events?: Pick<AuthEvents, 'onLockout'>;
}

// A concurrent check of the same account takes one argon2 run (tens of milliseconds); waiting up to ~5 s covers
// a queue of them without ever holding a request indefinitely.
const BUSY_WAIT_MS = 20;
const BUSY_TRIES = 160;

/**
 * A check that follows a right password while the attempt still holds its place (a two-factor code): `passed`
 * settles the sign-in, `failed` counts it as a failed sign-in. It may throw an AppError instead, which settles
 * nothing: the attempt is neither counted nor clears earlier failures.
 */
export type SecondFactor = (userId: number) => Promise<'passed' | 'failed'>;

/** Trades a username and password for a token, as Magento's customer and admin token services do. */
export class LoginService {
  private dummyHash: Promise<string> | undefined;
  private readonly addresses: AddressThrottle;

  constructor(private readonly deps: LoginDeps) {
    this.addresses = new AddressThrottle(deps);
  }

  /** Customer sign-in within the website of the store the URL names. */
  async loginCustomer(email: string, password: string, websiteId: number, meta: RequestMeta): Promise<RawToken> {
    const { customers, clock, settings, events } = this.deps;
    const customerId = await this.login(UserType.CUSTOMER, email, password, meta, undefined, {
      open: (request) => this.deps.signIn.openCustomer(request, websiteId, email),
      find: () => customers.findByEmail(websiteId, email),
      candidate: (customer) => {
        const locked = customer.lock_expires !== null && customer.lock_expires > clock.now();
        return {
          id: customer.entity_id,
          passwordHash: customer.password_hash,
          mayLogin: customer.is_active === 1 && !locked,
          async onSuccess(rehash) {
            if (rehash) await customers.rehashPassword(customer.entity_id, rehash);
            if (customer.failures_num > 0) await customers.resetPasswordFailures(customer.entity_id);
            return customer.entity_id;
          },
          async onFailure() {
            // Magento counts the customer's own failures too (failures_num, first_failure).
            const now = clock.now();
            const failures = customer.failures_num + 1;
            const max = settings.int('customer/password/lockout_failures');
            const lockExpires =
              max > 0 && failures >= max
                ? now + settings.int('customer/password/lockout_threshold') * 60_000
                : customer.lock_expires;
            if (max > 0 && failures === max) events?.onLockout(UserType.CUSTOMER);
            await customers.recordPasswordFailure(
              customer.entity_id,
              failures,
              customer.first_failure ?? now,
              lockExpires,
            );
          },
        };
      },
    });
    return this.deps.tokens.issue(UserType.CUSTOMER, customerId, meta);
  }

  /** Admin sign-in; usernames match case-insensitively. A second factor, when given, decides after the password. */
  async loginAdmin(
    username: string,
    password: string,
    meta: RequestMeta,
    secondFactor?: SecondFactor,
  ): Promise<RawToken> {
    const { admins } = this.deps;
    const adminId = await this.login(UserType.ADMIN, username, password, meta, secondFactor, {
      open: (request) => this.deps.signIn.openAdmin(request, username),
      find: () => admins.findByUsername(username),
      candidate: (admin) => ({
        id: admin.user_id,
        passwordHash: admin.password_hash,
        mayLogin: admin.is_active === 1,
        async onSuccess(rehash) {
          if (rehash) await admins.rehashPassword(admin.user_id, rehash);
          return admin.user_id;
        },
        async onFailure() {},
      }),
    });
    return this.deps.tokens.issue(UserType.ADMIN, adminId, meta);
  }

  /**
   * Checks a second factor of a known admin (a two-factor code presented with a configuration token) under the
   * same account and address limits as a password: a `failed` check counts as a failed sign-in, a `passed` one
   * hands its places back without clearing earlier failures, since no password was proven.
   */
  async checkAdminSecondFactor(username: string, meta: RequestMeta, check: () => Promise<boolean>): Promise<void> {
    const { throttle, settings, logger } = this.deps;
    const key = throttleKey(username);
    const slot = await this.addresses.reserve(meta.ip, 'admin', key);
    const maxFailures = settings.int('oauth/authentication_lock/max_failures_count');
    if (!(await this.takePlace(key, UserType.ADMIN, maxFailures))) {
      logger.warn({ event: 'login_locked', userType: 'admin', username: key, ip: meta.ip }, 'code refused: locked');
      throw new AppError('signInIncorrect');
    }
    let settled = false;
    try {
      if (!(await check())) {
        await this.recordFailure(key, UserType.ADMIN, maxFailures, meta);
        settled = true;
        throw new AppError('tfaInvalidCode');
      }
    } finally {
      if (!settled) await throttle.releaseAttempt(key, UserType.ADMIN, 'abandoned', slot).catch(() => {});
    }
  }

  private async login<Account>(
    userType: SignInUserType,
    username: string,
    password: string,
    meta: RequestMeta,
    secondFactor: SecondFactor | undefined,
    account: AccountAccess<Account>,
  ): Promise<number> {
    const { throttle, hasher, settings, clock, logger } = this.deps;
    const key = throttleKey(username);
    const kind = userType === UserType.ADMIN ? 'admin' : 'customer';
    const maxFailures = settings.int('oauth/authentication_lock/max_failures_count');
    const now = clock.now();
    // The address is checked first: a throttled address neither costs a hash nor counts against the account.
    // The store takes the address slot, then the account's place, then reads the account.
    const opening = await account.open({
      address: this.addresses.limitFor(meta.ip),
      userName: key,
      userType,
      now,
      maxFailures,
    });
    const slot = opening.address && this.addresses.accept(opening.address, now, meta.ip!, kind, key);
    if (!(await this.takePlace(key, userType, maxFailures, opening.decision))) {
      logger.warn(
        { event: 'login_locked', userType: kind, username: key, ip: meta.ip },
        'token request refused: account locked',
      );
      throw new AppError('signInIncorrect');
    }
    let settled = false;
    try {
      // An opening that had to wait for other checks read no account: their outcome may have changed it.
      const found = opening.decision === 'go' ? opening.account : await account.find();
      const candidate = found === undefined ? undefined : account.candidate(found);
      // Unknown users cost the same hash work as known ones, so response time does not reveal who exists.
      const stored = candidate?.passwordHash ?? (await this.getDummyHash());
      const check = await hasher.verify(password, stored);
      if (!candidate || !check.ok || !candidate.mayLogin) {
        await this.recordFailure(key, userType, maxFailures, meta);
        settled = true;
        await candidate?.onFailure();
        throw new AppError('signInIncorrect');
      }
      // The second factor runs while the attempt still holds its place, so concurrent wrong codes are bounded by
      // the same limit as wrong passwords, and a right password alone clears no failures.
      if (secondFactor && (await secondFactor(candidate.id)) === 'failed') {
        await this.recordFailure(key, userType, maxFailures, meta);
        settled = true;
        await candidate.onFailure();
        throw new AppError('tfaInvalidCode');
      }
      // The place and the address slot go back together: only failures count.
      await throttle.releaseAttempt(key, userType, 'passed', slot);
      settled = true;
      return await this.succeed(candidate, check.needsRehash ? password : undefined, kind, meta);
    } finally {
      // A check that ended in an error (the database, say) is no failure: both its places go back uncounted.
      if (!settled) await throttle.releaseAttempt(key, userType, 'abandoned', slot).catch(() => {});
    }
  }

  /** Settles an attempt as failed: counts it against the account (the address slot stays taken) and logs it. */
  private async recordFailure(
    key: string,
    userType: SignInUserType,
    maxFailures: number,
    meta: RequestMeta,
  ): Promise<void> {
    const { throttle, settings, clock, logger } = this.deps;
    const kind = userType === UserType.ADMIN ? 'admin' : 'customer';
    const failures = await throttle.recordFailure(
      key,
      userType,
      clock.now(),
      settings.int('oauth/authentication_lock/timeout') * 1000,
    );
    logger.warn({ event: 'login_failed', userType: kind, username: key, ip: meta.ip }, 'token request refused');
    if (failures === maxFailures) {
      logger.warn(
        { event: 'lockout', userType: kind, username: key, ip: meta.ip },
        'account locked after failed token requests',
      );
      this.deps.events?.onLockout(userType);
    }
  }

  /**
   * Takes a place for one password check (`first` is the answer already had, if any). While other checks of
   * the same account are still running and fill the places left, their outcome decides: this attempt waits for
   * it rather than being refused or checked.
   */
  private async takePlace(
    key: string,
    userType: UserType,
    maxFailures: number,
    first?: AttemptDecision,
  ): Promise<boolean> {
    const { throttle, clock } = this.deps;
    let decision = first ?? (await throttle.reserveAttempt(key, userType, clock.now(), maxFailures));
    for (let tries = 1; decision === 'busy' && tries < BUSY_TRIES; tries++) {
      await new Promise((resolve) => setTimeout(resolve, BUSY_WAIT_MS + Math.random() * BUSY_WAIT_MS));
      decision = await throttle.reserveAttempt(key, userType, clock.now(), maxFailures);
    }
    return decision === 'go';
  }

  private async succeed(
    candidate: Candidate,
    rehashFrom: string | undefined,
    kind: string,
    meta: RequestMeta,
  ): Promise<number> {
    const { hasher, logger } = this.deps;
    const userId = await candidate.onSuccess(rehashFrom === undefined ? undefined : await hasher.hash(rehashFrom));
    logger.info({ event: 'login', userType: kind, userId, ip: meta.ip }, 'token issued');
    return userId;
  }

  private getDummyHash(): Promise<string> {
    this.dummyHash ??= this.deps.hasher.hash(randomBytes(24).toString('base64'));
    return this.dummyHash;
  }
}
