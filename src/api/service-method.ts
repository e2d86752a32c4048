import type { TSchema } from 'typebox';
import type { Principal } from '../auth/principal.ts';
import type { RequestMeta } from '../auth/token-service.ts';
import type { StoreView } from '../accounts/store-directory.ts';

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

/** One parameter of a service method, in the order its PHP signature lists them. */
export interface ServiceArgument {
  readonly name: string;
  readonly schema: TSchema;
  readonly required: boolean;
}

/**
 * A Magento service contract method Keyway implements, addressed by `Class::method` from webapi.xml: the
 * compiled form that the input reader, the dispatcher and the OpenAPI document share. `defineService` builds
 * it from one declaration; a method without `summary` or `answer` is documented generically.
 */
export interface ServiceMethod {
  readonly summary?: string;
  readonly args: readonly ServiceArgument[];
  readonly answer?: TSchema;
  /** Answers a value, or a promise of one when it has to wait (for the database, a hash, the network). */
  call(args: Record<string, unknown>, context: CallContext): unknown;
}

export type ServiceRegistry = ReadonlyMap<string, ServiceMethod>;

/** The registry key of a route's service: `Vendor\Module\Api\Interface::method`, without a leading backslash. */
export function serviceKey(serviceClass: string, serviceMethod: string): string {
  return `${serviceClass.replace(/^\\/, '')}::${serviceMethod}`;
}
