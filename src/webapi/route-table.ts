import { compileRoute, matchParts, trimSlashes, type CompiledRoute } from './compiled-route.ts';
import { memoizePaths } from './path-memo.ts';
import { HTTP_METHODS, type Route } from './route.ts';
import { assertUniqueRoutes } from './unique-routes.ts';

export interface RouteMatch {
  route: Route;
  /** Path variables, url-decoded, e.g. { customerId: '5' }. */
  params: Readonly<Record<string, string>>;
}

export interface RouteTable {
  readonly routes: readonly Route[];
  /** The route Magento's REST router would pick for this method and path (after the store code), or undefined. */
  match(method: string, path: string): RouteMatch | undefined;
}

/** Per-method lookups, built once so a request costs one map lookup and a few string comparisons. */
interface MethodRoutes {
  /** url as declared → route, for Magento's exact-path shortcut. */
  readonly exact: ReadonlyMap<string, CompiledRoute>;
  /** Every possible service base ('V1/customers', 'V1/custom', ...) → candidates in ksort order of url. */
  readonly byBase: ReadonlyMap<string, readonly CompiledRoute[]>;
}

// Magento's Rest\Config::_getServiceBaseUrl: '#^/?\w+/\w+#' (ASCII \w, as PCRE without the u flag).
const SERVICE_BASE = /^\/?(\w+\/\w+)/;
const WORD_RUN = /^\w+/;

/**
 * Builds the route table, reproducing Magento's Rest\Config::getRestRoutes + Rest\Router::match:
 * an exact url wins; otherwise the routes whose url starts with the request's service base are tried in
 * ksort order of url and the last one that matches wins.
 */
export function createRouteTable(routes: readonly Route[]): RouteTable {
  assertUniqueRoutes(routes);
  // The table never changes once built, so a path's match is worked out once; its captures are frozen, since
  // every later call of that path shares them.
  const byMethod = new Map<string, (path: string) => RouteMatch | undefined>();
  for (const method of HTTP_METHODS) {
    const table = indexRoutes(routes.filter((route) => route.method === method));
    byMethod.set(
      method,
      memoizePaths((path) => frozen(matchRoute(table, path))),
    );
  }
  return Object.freeze({
    routes: Object.freeze([...routes]),
    match: (method: string, path: string) => byMethod.get(method)?.(path),
  });
}

function frozen(match: RouteMatch | undefined): RouteMatch | undefined {
  return match && Object.freeze({ route: match.route, params: Object.freeze(match.params) });
}

function matchRoute(table: MethodRoutes, path: string): RouteMatch | undefined {
  const exact = table.exact.get(path);
  if (exact !== undefined) return { route: exact.route, params: exactParams(exact, path) };
  const pathParts = trimSlashes(path).split('/');
  const base = SERVICE_BASE.exec(path)?.[1];
  const candidates = base === undefined ? undefined : table.byBase.get(base);
  if (candidates === undefined) return undefined;
  let winner: CompiledRoute | undefined;
  // Magento calls $request->setParams() for every route that matches, so the captures of earlier matches
  // stay in the request unless a later match overwrites them; merging here keeps that behaviour.
  const params: Record<string, string> = {};
  for (const candidate of candidates) {
    const captured = matchParts(candidate, pathParts);
    if (captured !== undefined) {
      Object.assign(params, captured);
      winner = candidate;
    }
  }
  return winner === undefined ? undefined : { route: winner.route, params };
}

// Magento still runs Route::match on an exact hit, so a path that literally reads ':id' captures ':id'.
function exactParams(exact: CompiledRoute, path: string): Record<string, string> {
  if (!exact.hasVariables) return {};
  return matchParts(exact, trimSlashes(path).split('/')) ?? {};
}

function indexRoutes(routes: readonly Route[]): MethodRoutes {
  const exact = new Map<string, CompiledRoute>();
  const byBase = new Map<string, CompiledRoute[]>();
  for (const compiled of [...routes].sort(byUrlBytes).map(compileRoute)) {
    exact.set(compiled.route.url, compiled);
    // Magento keeps a route when trim(url, '/') starts with the request's base. A base is a whole first
    // segment, '/', and a word-character prefix of the second, so listing every such prefix of each url
    // answers the same question with one map lookup.
    const [first, second = ''] = trimSlashes(compiled.route.url).split('/', 2);
    const run = WORD_RUN.exec(second)?.[0] ?? '';
    if (!/^\w+$/.test(first)) continue;
    for (let length = 1; length <= run.length; length++) {
      const base = `${first}/${run.slice(0, length)}`;
      const list = byBase.get(base) ?? [];
      list.push(compiled);
      byBase.set(base, list);
    }
  }
  return { exact, byBase };
}

// ksort($routes, SORT_STRING) compares bytes; UTF-16 order differs from it for some non-ASCII text.
function byUrlBytes(a: Route, b: Route): number {
  return Buffer.compare(Buffer.from(a.url, 'utf8'), Buffer.from(b.url, 'utf8'));
}
