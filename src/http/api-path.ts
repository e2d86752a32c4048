import { AppError } from '../errors.ts';
import type { StoreDirectory, StoreView } from '../accounts/store-directory.ts';
import { memoizePaths } from '../webapi/path-memo.ts';

/** Magento's `PathProcessor::ALL_STORE_CODE`: the admin store. */
const ALL_STORES = 'all';
const SERVICE_PATH = /^\/V\d+(\/|$)/;

export interface ApiTarget {
  store: StoreView;
  /** The service path the route table matches, e.g. `/V1/customers/me`. */
  path: string;
  /** Whether `path` asks for the schema (`isSchemaPath`), decided once with the rest of the target. */
  schema: boolean;
  /** Whether `path` is a versioned service path, which a call must name; decided once likewise. */
  service: boolean;
}

/**
 * Reads the store and service path from a URL path, as Magento's `Webapi\Request` and `PathProcessor` do:
 * anything up to `/rest/` is dropped (so `/index.php/rest/...` works), a known store code or `all` selects
 * a store, and what remains must be a versioned service path.
 */
export function resolveApiPath(urlPath: string, directory: StoreDirectory): ApiTarget | undefined {
  return asServiceTarget(resolveStorePath(urlPath, directory));
}

/** A store path read by `resolveStorePath`, refused unless what follows the store is a versioned service path. */
export function asServiceTarget(target: ApiTarget | undefined): ApiTarget | undefined {
  if (target && !target.service) throw new AppError('requestNotProcessable');
  return target;
}

/** Magento's `SchemaRequestProcessor::canProcess`: the path after the store code starts with `schema`. */
function isSchemaPath(path: string): boolean {
  let start = 0;
  while (path.charCodeAt(start) === 0x2f) start++;
  return path.startsWith('schema', start);
}

interface StoreLookup {
  defaultStore: StoreView;
  /** Store codes a URL may name, `all` included. */
  byCode: ReadonlyMap<string, StoreView>;
  /** `resolveStorePath` over this directory, each URL path worked out once. */
  resolve(urlPath: string): ApiTarget | undefined;
}

// Worked out once per directory (directories are frozen at start), since every request needs it.
const lookups = new WeakMap<StoreDirectory, StoreLookup>();

function storeLookup(directory: StoreDirectory): StoreLookup {
  let lookup = lookups.get(directory);
  if (!lookup) {
    const defaultStore =
      directory.views.find((view) => view.id === directory.groups[1]?.default_store_id) ?? directory.views[1]!;
    const byCode = new Map(directory.views.filter((view) => view.id !== 0).map((view) => [view.code, view]));
    const admin = directory.views.find((view) => view.id === 0);
    if (admin) byCode.set(ALL_STORES, admin);
    const known = { defaultStore, byCode };
    lookup = { ...known, resolve: memoizePaths((urlPath) => storePathIn(urlPath, known)) };
    lookups.set(directory, lookup);
  }
  return lookup;
}

/** The store a `/rest/` URL names and the path after it, whatever that path is; undefined outside `/rest/`. */
export function resolveStorePath(urlPath: string, directory: StoreDirectory): ApiTarget | undefined {
  return storeLookup(directory).resolve(urlPath);
}

function storePathIn(
  urlPath: string,
  { defaultStore, byCode }: Pick<StoreLookup, 'defaultStore' | 'byCode'>,
): ApiTarget | undefined {
  const rest = urlPath.indexOf('/rest/');
  if (rest === -1 || (rest !== 0 && urlPath.slice(0, rest) !== '/index.php')) return undefined;
  const path = urlPath.slice(rest + '/rest'.length);
  const end = path.indexOf('/', 1);
  const firstSegment = end === -1 ? path.slice(1) : path.slice(1, end);
  const named = byCode.get(firstSegment);
  const store = named ?? defaultStore;
  const servicePath = named ? path.slice(firstSegment.length + 1) : path;
  // Shared by every later call of this URL path, so frozen.
  return Object.freeze({
    store,
    path: servicePath,
    schema: isSchemaPath(servicePath),
    service: SERVICE_PATH.test(servicePath),
  });
}
