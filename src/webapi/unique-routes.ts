import { ConfigError } from './config-error.ts';
import { routeLabel, type Route } from './route.ts';

/**
 * Refuses two routes with the same method and url. Magento lets the later file override the earlier one
 * silently; Keyway stops instead, because an override of an access rule should be a visible decision.
 */
export function assertUniqueRoutes(routes: readonly Route[]): void {
  const seen = new Map<string, Route>();
  for (const route of routes) {
    const key = routeLabel(route);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ConfigError(`declared twice: first at ${first.source.file}:${first.source.line}, again here`, {
        file: route.source.file,
        line: route.source.line,
        route: key,
      });
    }
    seen.set(key, route);
  }
}
