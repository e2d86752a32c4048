import type { Principal } from '../auth/principal.ts';
import { notAuthorized } from '../errors.ts';
import type { StoreView } from '../accounts/store-directory.ts';
import { admits } from '../webapi/special-resources.ts';

/**
 * One resource check, as Magento's plugins and ACL decide it: the special resources (`anonymous`, `self`,
 * Keyway's `self_admin` and `authenticated`) by their table in `webapi/special-resources.ts`, any other
 * resource by the caller's ACL.
 */
export function isAllowed(principal: Principal, resource: string, store: StoreView): boolean {
  return admits(principal, resource, store);
}

/** The single enforcement point: every resource of the route must be allowed, or the call is refused with all of them named. */
export function authorize(principal: Principal, resources: readonly string[], store: StoreView): void {
  for (const resource of resources) if (!isAllowed(principal, resource, store)) throw notAuthorized(resources);
}
