import type { AclTree } from './acl-tree.ts';
import { ConfigError } from './config-error.ts';
import { routeLabel, type Route } from './route.ts';

// Route resources with a meaning of their own: everyone, and the customer the token belongs to.
const BUILT_IN_RESOURCES = ['anonymous', 'self'];

/**
 * Checks routes against the ACL tree (and, when given, the services Keyway implements), so a typo in a
 * resource id stops start-up instead of quietly making a route reachable only with Magento_Backend::all.
 */
export function validateRoutes(
  routes: readonly Route[],
  acl: AclTree,
  isKnownService?: (serviceClass: string, serviceMethod: string) => boolean,
): void {
  for (const route of routes) {
    const where = { file: route.source.file, line: route.source.line, route: routeLabel(route) };
    for (const resource of route.resources) {
      if (!BUILT_IN_RESOURCES.includes(resource) && !acl.has(resource)) {
        throw new ConfigError(`unknown ACL resource "${resource}" (not anonymous, self, or an id in acl.xml)`, where);
      }
    }
    if (isKnownService !== undefined && !isKnownService(route.serviceClass, route.serviceMethod)) {
      throw new ConfigError(`Keyway has no implementation of ${route.serviceClass}::${route.serviceMethod}`, where);
    }
  }
}
