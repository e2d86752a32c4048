import type { Principal } from '../auth/principal.ts';
import { notAuthorized } from '../errors.ts';
import type { StoreView } from '../storage/store-directory.ts';

const ALLOW_EVERYTHING = 'Magento_Backend::all';

/** Whether an admin's role allows an ACL resource: exactly, or through `Magento_Backend::all`. */
export function roleAllows(principal: Principal, resource: string): boolean {
  return principal.kind === 'admin' && (principal.resources.has(ALLOW_EVERYTHING) || principal.resources.has(resource));
}

/**
 * One resource check, as Magento's plugins and ACL decide it: `anonymous` for everyone; `self` for a customer
 * calling through a store of its own website (never the admin store); otherwise the admin role's ACL (which,
 * like Magento's, lets `Magento_Backend::all` through `self` too). Keyway's `self_admin` admits any admin and
 * `authenticated` any valid token.
 */
export function isAllowed(principal: Principal, resource: string, store: StoreView): boolean {
  switch (resource) {
    case 'anonymous':
      return true;
    case 'self':
      if (principal.kind === 'customer') return store.id !== 0 && store.website_id === principal.websiteId;
      break;
    case 'self_admin':
      return principal.kind === 'admin';
    case 'authenticated':
      return principal.kind !== 'guest';
  }
  return roleAllows(principal, resource);
}

/** The single enforcement point: every resource of the route must be allowed, or the call is refused with all of them named. */
export function authorize(principal: Principal, resources: readonly string[], store: StoreView): void {
  if (!resources.every((resource) => isAllowed(principal, resource, store))) throw notAuthorized(resources);
}
