import type { AclTree } from './acl-tree.ts';
import { ConfigError } from './config-error.ts';
import { routeLabel, type Route } from './route.ts';

import { PARAMETER_PLACEHOLDERS, SPECIAL_RESOURCES, isSpecialResource } from './special-resources.ts';

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
      if (!isSpecialResource(resource) && !acl.has(resource)) {
        const special = Object.keys(SPECIAL_RESOURCES).join(', ');
        throw new ConfigError(`unknown ACL resource "${resource}" (not one of ${special}, or an id in acl.xml)`, where);
      }
    }
    for (const parameter of route.parameters) {
      // A misspelt placeholder would be passed on as literal text, silently dropping the caller's identity.
      const value = parameter.value ?? '';
      if (/^%.*%$/.test(value) && !(PARAMETER_PLACEHOLDERS as readonly string[]).includes(value)) {
        throw new ConfigError(`parameter "${parameter.name}" names an unknown placeholder ${value}`, where);
      }
    }
    if (isKnownService !== undefined && !isKnownService(route.serviceClass, route.serviceMethod)) {
      throw new ConfigError(`Keyway has no implementation of ${route.serviceClass}::${route.serviceMethod}`, where);
    }
  }
}
