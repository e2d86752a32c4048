import type { CallContext, ServiceMethod, ServiceRegistry } from '../api/service-method.ts';
import { serviceKey } from '../api/service-method.ts';
import { type ArgumentPlan, compileArguments, resolveArgs } from '../api/service-input.ts';
import { compileForcedParameters, type ForcedParameters } from '../api/forced-parameters.ts';
import type { TokenService } from '../auth/token-service.ts';
import type { Settings } from '../config/settings.ts';
import { AppError } from '../errors.ts';
import type { StoreDirectory, StoreView } from '../accounts/store-directory.ts';
import type { Route } from '../webapi/route.ts';
import type { RouteMatch, RouteTable } from '../webapi/route-table.ts';
import { asServiceTarget, resolveApiPath, type ApiTarget } from './api-path.ts';
import { authorize, isAllowed } from './authorize.ts';
import { bearerToken } from './bearer.ts';
import type { RequestOrigin } from './oauth-request.ts';
import { decodeBody, mergeInput } from './request-input.ts';
import { authenticateSignedCall, type SignedCallDeps } from './signed-call.ts';
import { challenge, oauthChallenge } from './www-authenticate.ts';
import { tokenOptional } from '../webapi/special-resources.ts';
import type { Principal } from '../auth/principal.ts';

/** What the dispatcher needs from the request; the Fastify glue fills it in. */
export interface ApiRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: { authorization?: string; 'content-type'?: string; 'user-agent'?: string };
  body: Buffer | undefined;
  ip: string;
  /** Scheme, Host and raw target, which a request signed with OAuth 1.0a signs. */
  origin: RequestOrigin;
  /** Where a service's response headers (such as `expires_in`) are collected for the edge to send. */
  responseHeaders?: Record<string, string>;
  /** Set by dispatch once a route matched, so the edge can label the request without matching again. */
  route?: Route;
  /** The store and path after it (`resolveStorePath`), when the edge has already read them; null: not `/rest/`. */
  storePath?: ApiTarget | null;
}

export interface DispatchDeps {
  routes: RouteTable;
  services: ServiceRegistry;
  tokens: TokenService;
  directory: StoreDirectory;
  settings: Settings;
  /** Verifies REST calls signed with OAuth 1.0a. */
  signedCalls: SignedCallDeps;
}

/** What a route's calls share, decided on its first call instead of on every one. */
interface RoutePlan {
  service: ServiceMethod;
  args: readonly ArgumentPlan[];
  forced: ForcedParameters;
  /** Whether a caller without a bearer token may skip the OAuth signature check (`anonymous` routes). */
  tokenOptional: boolean;
}

const plans = new WeakMap<Route, RoutePlan>();

function planOf(route: Route, services: ServiceRegistry): RoutePlan {
  let plan = plans.get(route);
  if (!plan) {
    const service = services.get(serviceKey(route.serviceClass, route.serviceMethod));
    // Start-up refuses route files naming unknown services, so this is only reached through a wiring mistake.
    if (!service) throw new Error(`No service for ${route.serviceClass}::${route.serviceMethod}`);
    plan = {
      service,
      args: compileArguments(service.args),
      forced: compileForcedParameters(route.parameters),
      tokenOptional: tokenOptional(route.resources),
    };
    plans.set(route, plan);
  }
  return plan;
}

/**
 * One Web API call, in the order of Magento's `Rest::dispatch`: method, path, route, resources, input, service.
 * Answers the service's return value, or throws an AppError for the edge to render. A warm read (its token and
 * record held in memory) is answered at once; whatever has to wait answers a promise, which rejects instead.
 */
export function dispatch(request: ApiRequest, deps: DispatchDeps): unknown {
  const method = request.method;
  if (method !== 'GET' && method !== 'POST' && method !== 'PUT' && method !== 'DELETE') {
    throw new AppError('methodNotSupported', [method]);
  }
  const target =
    request.storePath === undefined
      ? resolveApiPath(request.path, deps.directory)
      : asServiceTarget(request.storePath ?? undefined);
  if (!target) throw new AppError('routeNotFound');
  const match = deps.routes.match(request.method, target.path);
  if (!match) throw new AppError('routeNotFound');
  request.route = match.route;
  const plan = planOf(match.route, deps.services);
  const call: MatchedCall = {
    request,
    match,
    plan,
    store: target.store,
    presented: bearerToken(request.headers.authorization),
  };
  // A warm token is answered from the caches without a promise; anything else takes the full path.
  const principal =
    call.presented !== undefined || plan.tokenOptional ? deps.tokens.authenticateCached(call.presented) : undefined;
  if (principal) return callService(call, principal, deps);
  return authenticate(request, plan, call.presented, deps).then((found) => callService(call, found, deps));
}

/** A call whose route matched, on its way to the service. */
interface MatchedCall {
  request: ApiRequest;
  match: RouteMatch;
  plan: RoutePlan;
  store: StoreView;
  /** The bearer token the call presented, if any. */
  presented: string | undefined;
}

/** Authorisation, input and the service, for a caller now known; failures carry Magento's challenge headers. */
function callService(call: MatchedCall, principal: Principal, deps: DispatchDeps): unknown {
  const { request, match, plan, store } = call;
  try {
    authorize(principal, match.route.resources, store);
    const body = decodeBody(request.method, request.body, request.headers['content-type']);
    const input = mergeInput(body, request.query, match.params);
    plan.forced(input, principal);
    const answer = plan.service.call(
      resolveArgs(plan.args, input),
      new ServiceCallContext(principal, store, request, match.params),
    );
    if (!(answer instanceof Promise)) return answer;
    return answer.catch((error: unknown) => {
      throw challenged(error, principal, call, deps);
    });
  } catch (error) {
    throw challenged(error, principal, call, deps);
  }
}

/**
 * What a service is told of its call. Services destructure `isAllowed`, `setHeader` and `meta`, so those are
 * getters that make a function (or the meta) bound to this call when a service asks, and only then: most
 * calls, a warm read among them, ask for none of them.
 */
class ServiceCallContext implements CallContext {
  constructor(
    readonly principal: Principal,
    readonly store: StoreView,
    private readonly request: ApiRequest,
    readonly pathParams: Readonly<Record<string, string>>,
  ) {}

  get meta(): CallContext['meta'] {
    return { ip: this.request.ip, userAgent: this.request.headers['user-agent'] ?? null };
  }

  get isAllowed(): CallContext['isAllowed'] {
    const { principal, store } = this;
    return (resource) => isAllowed(principal, resource, store);
  }

  get setHeader(): CallContext['setHeader'] {
    const headers = this.request.responseHeaders;
    return (name, value) => {
      if (headers) headers[name] = value;
    };
  }
}

/** A refused call's error with Magento's `WWW-Authenticate` challenge for this caller; other errors as they are. */
function challenged(error: unknown, principal: Principal, call: MatchedCall, deps: DispatchDeps): unknown {
  if (!(error instanceof AppError)) return error;
  return challenge(error, principal, call.presented !== undefined, {
    realm: deps.settings.get('webapi/auth/realm'),
    insufficientScopeAs403: deps.settings.flag('webapi/auth/insufficient_scope_403'),
  });
}

/**
 * Magento's user-context chain: a Bearer token first, then an OAuth 1.0a signature, else a guest. As in Magento,
 * the signature is never evaluated on a route any guest may call: the user context is consulted only when a
 * resource other than `anonymous` is checked, so a broken OAuth header there neither fails nor counts.
 */
async function authenticate(
  request: ApiRequest,
  plan: RoutePlan,
  presented: string | undefined,
  deps: DispatchDeps,
): Promise<Principal> {
  if (presented === undefined && !plan.tokenOptional) {
    const input = {
      method: request.method,
      origin: request.origin,
      authorization: request.headers.authorization,
      contentType: request.headers['content-type'],
      body: request.body,
    };
    try {
      const signed = await authenticateSignedCall(input, request.ip, deps.signedCalls);
      if (signed) return signed;
    } catch (error) {
      throw error instanceof AppError ? oauthChallenge(error, deps.settings.get('webapi/auth/realm')) : error;
    }
  }
  return deps.tokens.authenticate(presented);
}
