import { AppError } from '../errors.ts';
import type { StoreDirectory, StoreView } from '../storage/store-directory.ts';

/** Magento's `PathProcessor::ALL_STORE_CODE`: the admin store. */
const ALL_STORES = 'all';
const SERVICE_PATH = /^\/V\d+(\/|$)/;

export interface ApiTarget {
  store: StoreView;
  /** The service path the route table matches, e.g. `/V1/customers/me`. */
  path: string;
}

/**
 * Reads the store and service path from a URL path, as Magento's `Webapi\Request` and `PathProcessor` do:
 * anything up to `/rest/` is dropped (so `/index.php/rest/...` works), a known store code or `all` selects
 * a store, and what remains must be a versioned service path.
 */
export function resolveApiPath(urlPath: string, directory: StoreDirectory): ApiTarget | undefined {
  const target = resolveStorePath(urlPath, directory);
  if (target && !SERVICE_PATH.test(target.path)) throw new AppError('requestNotProcessable');
  return target;
}

/** Magento's `SchemaRequestProcessor::canProcess`: the path after the store code starts with `schema`. */
export function isSchemaPath(path: string): boolean {
  return path.replace(/^\/+/, '').startsWith('schema');
}

/** The store a `/rest/` URL names and the path after it, whatever that path is; undefined outside `/rest/`. */
export function resolveStorePath(urlPath: string, directory: StoreDirectory): ApiTarget | undefined {
  const rest = urlPath.indexOf('/rest/');
  if (rest === -1 || (rest !== 0 && urlPath.slice(0, rest) !== '/index.php')) return undefined;
  let path = urlPath.slice(rest + '/rest'.length);
  const defaultStore = directory.views.find((view) => view.id === directory.groups[1]?.default_store_id) ?? directory.views[1]!;
  let store = defaultStore;
  const firstSegment = path.split('/')[1] ?? '';
  const named =
    firstSegment === ALL_STORES
      ? directory.views.find((view) => view.id === 0)
      : directory.views.find((view) => view.code === firstSegment && view.id !== 0);
  if (named) {
    store = named;
    path = path.slice(firstSegment.length + 1);
  }
  return { store, path };
}
