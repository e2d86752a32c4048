import { readFileSync } from 'node:fs';
import { serviceKey, type ServiceRegistry } from '../../api/service-method.ts';
import type { Principal } from '../../auth/principal.ts';
import type { StoreView } from '../../accounts/store-directory.ts';
import type { Route } from '../../webapi/route.ts';
import { isAllowed } from '../authorize.ts';
import { buildOperation, openApiPath } from './operation.ts';
import { COMPONENT_SCHEMAS } from './schemas.ts';
import { operationId, serviceName } from './service-name.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** One route with its operation, built once at start-up so that a schema request only filters and assembles. */
export interface DocumentedRoute {
  readonly route: Route;
  readonly service: string;
  readonly operation: Readonly<Record<string, unknown>>;
}

/** Operations for every route; operation ids are made unique over the whole table, so they never depend on the caller. */
export function documentRoutes(routes: readonly Route[], services: ServiceRegistry): DocumentedRoute[] {
  const taken = new Map<string, number>();
  return routes.map((route) => {
    const service = serviceName(route.serviceClass, route.url);
    const base = operationId(service, route.serviceMethod, route.method);
    const seen = (taken.get(base) ?? 0) + 1;
    taken.set(base, seen);
    const operation = buildOperation(route, services.get(serviceKey(route.serviceClass, route.serviceMethod)), {
      operationId: seen === 1 ? base : `${base}${seen}`,
      tag: service,
    });
    return { route, service, operation };
  });
}

export interface DocumentRequest {
  principal: Principal;
  store: StoreView;
  /** `all`, or Magento service names such as `customerCustomerRepositoryV1`. */
  services: 'all' | ReadonlySet<string>;
}

/**
 * The OpenAPI 3.0 document of the routes this caller may use through this store, decided by the same
 * `isAllowed` as dispatch: a guest sees the anonymous routes, a customer adds `self`, an admin what its role allows.
 */
export function openApiDocument(
  documented: readonly DocumentedRoute[],
  request: DocumentRequest,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Map<string, string>();
  for (const { route, service, operation } of documented) {
    if (request.services !== 'all' && !request.services.has(service)) continue;
    if (!route.resources.every((resource) => isAllowed(request.principal, resource, request.store))) continue;
    const path = openApiPath(route.url);
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation;
    tags.set(service, route.serviceClass);
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Keyway',
      version: VERSION,
      description:
        "Magento 2 compatible REST Web API. This document lists the routes the caller's token allows through this store; " +
        'sign in with a token route, then authorize with the token to see more.',
    },
    servers: [{ url: `/rest/${request.store.id === 0 ? 'all' : request.store.code}` }],
    tags: [...tags].map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'A customer or admin access token from a token route' },
      },
      schemas: COMPONENT_SCHEMAS,
    },
  };
}
