import type { Principal } from '../auth/principal.ts';
import type { RequestMeta } from '../auth/token-service.ts';
import type { StoreView } from '../storage/store-directory.ts';
import type { ScalarType } from '../webapi/type-processor.ts';

/** One argument of a service method, as its PHP interface declares it. */
export interface ArgSpec {
  name: string;
  type: ScalarType | 'any';
  required: boolean;
}

/** What a service method knows about its call: never the request itself. */
export interface CallContext {
  principal: Principal;
  /** The store the URL names (`/rest/<code>/V1/...`), or the default store view. */
  store: StoreView;
  meta: RequestMeta;
  /** The route's path parameters, for methods whose path id is authoritative. */
  pathParams: Readonly<Record<string, string>>;
  /** Whether the caller's role allows an ACL resource (always false for guests and customers). */
  isAllowed(resource: string): boolean;
  /** Adds a response header, for what a service tells beyond its return value (e.g. a token's lifetime). */
  setHeader(name: string, value: string): void;
}

/** A Magento service contract method Keyway implements, addressed by `Class::method` from webapi.xml. */
export interface ServiceMethod {
  args: readonly ArgSpec[];
  call(args: Record<string, unknown>, context: CallContext): Promise<unknown>;
}

export type ServiceRegistry = ReadonlyMap<string, ServiceMethod>;

export function serviceKey(serviceClass: string, serviceMethod: string): string {
  return `${serviceClass.replace(/^\\/, '')}::${serviceMethod}`;
}
