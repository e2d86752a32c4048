import type { FastifyInstance } from 'fastify';
import { serviceKey } from '../api/service-method.ts';
import type { AuthEventHub, AuthEvents } from '../auth/auth-events.ts';
import { UserType, type SignInUserType } from '../auth/principal.ts';
import type { Route } from '../webapi/route.ts';
import type { AnswerObserver } from './direct-lane.ts';
import type { HttpMetrics } from './metrics.ts';
import { isSchemaUrl, SCHEMA_ROUTE_LABEL, type LookupDeps } from './route-lookup.ts';

const UNMATCHED = 'unmatched';

declare module 'fastify' {
  interface FastifyRequest {
    /** The webapi route a Web API request matched, or null when it matched none. */
    apiRoute: Route | null;
  }
}

/** The token services, whatever URL a route file gives them. */
const TOKEN_SERVICES: Readonly<Record<string, SignInUserType>> = {
  'Magento\\Integration\\Api\\CustomerTokenServiceInterface::createCustomerAccessToken': UserType.CUSTOMER,
  'Magento\\Integration\\Api\\AdminTokenServiceInterface::createAdminAccessToken': UserType.ADMIN,
};

/**
 * Counts every answered request and serves `GET /metrics`. Issued tokens and failed sign-ins are read off the
 * token routes' answers (200 issued, 401 refused), which is exact for them; lockouts and revocations are only
 * known inside the domain, so they come from its event hub when the Keyway instance has one. Answers the
 * counting step for requests the direct lane answers, which Fastify's hooks never see.
 */
export function registerMetrics(
  app: FastifyInstance,
  deps: LookupDeps,
  metrics: HttpMetrics,
  hub?: AuthEventHub,
): AnswerObserver {
  if (hub) {
    const unsubscribe = hub.subscribe({
      onLockout: metrics.auth.onLockout,
      onTokensRevoked: metrics.auth.onTokensRevoked,
    });
    app.addHook('onClose', async () => unsubscribe());
  }
  // A callback hook, not an async one: no promise per request for work that never waits.
  app.addHook('onResponse', (request, reply, done) => {
    const declared = request.routeOptions.url;
    let label = declared;
    let route: Route | undefined;
    if (declared === undefined || declared === '*') {
      // The route dispatch matched, when it got that far; matching again would double the routing work.
      route = request.apiRoute ?? undefined;
      label = route?.url ?? (isSchemaUrl(request.url.split('?', 1)[0]!, deps) ? SCHEMA_ROUTE_LABEL : UNMATCHED);
    }
    metrics.observeRequest(label ?? UNMATCHED, request.method, reply.statusCode, reply.elapsedTime / 1000);
    if (route) countTokenRequest(route, reply.statusCode, metrics.auth);
    done();
  });
  // The direct lane never answers the schema, so its label is the route's or `unmatched`.
  const observe: AnswerObserver = (route, method, status, seconds) => {
    metrics.observeRequest(route?.url ?? UNMATCHED, method, status, seconds);
    if (route) countTokenRequest(route, status, metrics.auth);
  };
  app.get('/metrics', async (_request, reply) => {
    reply
      .header('cache-control', 'no-store')
      .type(metrics.registry.contentType)
      .send(await metrics.registry.metrics());
  });
  return observe;
}

// Which user type signs in through a route, worked out once per route rather than per answer.
const signInTypes = new WeakMap<Route, SignInUserType | null>();

function countTokenRequest(route: Route, status: number, events: AuthEvents): void {
  let userType = signInTypes.get(route);
  if (userType === undefined) {
    userType = TOKEN_SERVICES[serviceKey(route.serviceClass, route.serviceMethod)] ?? null;
    signInTypes.set(route, userType);
  }
  if (userType === null) return;
  // 400 (missing fields) and 429 (a throttled address) never reached a password check, so neither counts.
  if (status === 200) events.onTokenIssued(userType);
  else if (status === 401) events.onLoginFailed(userType);
}
