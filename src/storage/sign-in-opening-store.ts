import type { Opening, OpeningRequest, SignInOpeningStore } from '../auth/sign-in-opening.ts';
import type {
  AdminCredentials,
  AdminSignInStore,
  CustomerCredentials,
  CustomerSignInStore,
} from '../auth/sign-in-stores.ts';
import type { ThrottleStore } from '../auth/throttle-store.ts';

/**
 * A sign-in's opening: the address slot, then the account's place, then the account, one statement each.
 * Taking the two throttle rows in one statement on PostgreSQL saved a round trip but let concurrent sign-ins
 * from one address lock them in opposite orders (deadlocks, each costing PostgreSQL's one-second
 * deadlock_timeout), so each statement locks one table. Reading the account in the place's statement saved
 * its round trip but cost PostgreSQL more CPU than the plain lookup it replaced, so that stays on its own.
 */
export class SqlSignInOpeningStore implements SignInOpeningStore {
  constructor(
    private readonly throttle: ThrottleStore,
    private readonly customers: Pick<CustomerSignInStore, 'findByEmail'>,
    private readonly admins: Pick<AdminSignInStore, 'findByUsername'>,
  ) {}

  openCustomer(request: OpeningRequest, websiteId: number, email: string): Promise<Opening<CustomerCredentials>> {
    return this.inTurn(request, () => this.customers.findByEmail(websiteId, email));
  }

  openAdmin(request: OpeningRequest, username: string): Promise<Opening<AdminCredentials>> {
    return this.inTurn(request, () => this.admins.findByUsername(username));
  }

  /** A step that failed (the database, say) leaves nothing taken: neither the place nor the address slot. */
  private async inTurn<A>(request: OpeningRequest, find: () => Promise<A | undefined>): Promise<Opening<A>> {
    const { address: limit, userName, userType, now, maxFailures } = request;
    const address = limit && (await this.throttle.reserveAddress(limit.key, now, limit.maxFailures, limit.windowMs));
    if (address && 'throttledUntil' in address) return { address, decision: undefined, account: undefined };
    let placed = false;
    try {
      const decision = await this.throttle.reserveAttempt(userName, userType, now, maxFailures);
      if (decision !== 'go') return { address, decision, account: undefined };
      placed = true;
      return { address, decision, account: await find() };
    } catch (error) {
      if (placed) await this.throttle.releaseAttempt(userName, userType, 'abandoned', address).catch(() => {});
      else if (address) await this.throttle.releaseAddress(address).catch(() => {});
      throw error;
    }
  }
}
