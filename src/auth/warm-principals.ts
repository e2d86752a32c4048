import type { Principal } from './principal.ts';

/** What one warm token's principal was decided from, and for how long that decision holds. */
interface Decided {
  principal: Principal;
  settings: object;
  resources: ReadonlySet<string> | undefined;
  /** The decision holds for `from <= now < until`: from the token's last noted use to its next note or its end. */
  from: number;
  until: number;
}

/**
 * The principal of each warm token, decided once and handed out again while nothing it was decided from has
 * changed: the owner (keyed by the very object the token cache holds, which a re-read or an eviction replaces),
 * the settings snapshot (lifetimes, integrations as bearer), the admin role's resources (the role cache hands a
 * new set after a change) and the clock, up to the moment the token expires or its last use is due to be noted.
 * A warm read then pays one lookup here instead of the expiry, permission and principal steps each time.
 */
export class WarmPrincipals {
  // Weak: an owner the token cache has let go takes its decision with it.
  private readonly decided = new WeakMap<object, Decided>();

  /** The principal decided for `owner`, if that decision still holds under these settings, resources and time. */
  find(
    owner: object,
    settings: object,
    resources: ReadonlySet<string> | undefined,
    now: number,
  ): Principal | undefined {
    const decided = this.decided.get(owner);
    if (decided === undefined || decided.settings !== settings || decided.resources !== resources) return undefined;
    return now >= decided.from && now < decided.until ? decided.principal : undefined;
  }

  /** Keeps a decision; the principal is frozen, since every request of the token shares it from now on. */
  keep(owner: object, decided: Decided): void {
    Object.freeze(decided.principal);
    this.decided.set(owner, decided);
  }
}
