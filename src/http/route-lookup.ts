import type { StoreDirectory } from '../accounts/store-directory.ts';
import { HTTP_METHODS, type HttpMethod, type Route } from '../webapi/route.ts';
import type { RouteTable } from '../webapi/route-table.ts';
import { resolveApiPath, resolveStorePath } from './api-path.ts';

export interface LookupDeps {
  routes: RouteTable;
  directory: StoreDirectory;
}

/** The route pattern the metrics count a `/rest/` request under. */
export const SCHEMA_ROUTE_LABEL = '/schema';

/**
 * The route a request would reach, found the way dispatch finds it, without authenticating or reading the
 * body; undefined when none matches (a bad store code, an unknown path, a wrong method).
 */
export function lookupRoute(method: string, urlPath: string, deps: LookupDeps): Route | undefined {
  try {
    const target = resolveApiPath(urlPath, deps.directory);
    return target && deps.routes.match(method, target.path)?.route;
  } catch {
    return undefined;
  }
}

/** Whether a URL is Magento's schema endpoint (`/rest/<store>/schema`). */
export function isSchemaUrl(urlPath: string, deps: LookupDeps): boolean {
  const target = resolveStorePath(urlPath, deps.directory);
  return target?.schema === true;
}

/** Every method the route table answers for a URL (the schema endpoint answers GET), for CORS preflights. */
export function methodsForUrl(urlPath: string, deps: LookupDeps): HttpMethod[] {
  if (isSchemaUrl(urlPath, deps)) return ['GET'];
  return HTTP_METHODS.filter((method) => lookupRoute(method, urlPath, deps) !== undefined);
}
