import type { CallContext, ServiceRegistry } from '../api/service-method.ts';
import { serviceKey } from '../api/service-method.ts';
import { resolveArgs } from '../api/service-input.ts';
import { applyForcedParameters } from '../api/forced-parameters.ts';
import type { TokenService } from '../auth/token-service.ts';
import type { Settings } from '../config/settings.ts';
import { AppError } from '../errors.ts';
import type { StoreDirectory } from '../accounts/store-directory.ts';
import type { Route } from '../webapi/route.ts';
import type { RouteTable } from '../webapi/route-table.ts';
import { resolveApiPath } from './api-path.ts';
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

const SUPPORTED_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);

/**
 * One Web API call, in the order of Magento's `Rest::dispatch`: method, path, route, resources, input, service.
 * Answers the service's return value or throws an AppError for the edge to render.
 */
export async function dispatch(request: ApiRequest, deps: DispatchDeps): Promise<unknown> {
  if (!SUPPORTED_METHODS.has(request.method)) throw new AppError('methodNotSupported', [request.method]);
  const target = resolveApiPath(request.path, deps.directory);
  if (!target) throw new AppError('routeNotFound');
  const match = deps.routes.match(request.method, target.path);
  if (!match) throw new AppError('routeNotFound');
  request.route = match.route;
  const presented = bearerToken(request.headers.authorization);
  const principal = await authenticate(request, match.route, presented, deps);
  try {
    authorize(principal, match.route.resources, target.store);
    const service = deps.services.get(serviceKey(match.route.serviceClass, match.route.serviceMethod));
    // Start-up refuses route files naming unknown services, so this is only reached through a wiring mistake.
    if (!service) throw new Error(`No service for ${match.route.serviceClass}::${match.route.serviceMethod}`);
    const body = decodeBody(request.method, request.body, request.headers['content-type']);
    const input = mergeInput(body, request.query, match.params);
    applyForcedParameters(input, match.route.parameters, principal);
    const context: CallContext = {
      principal,
      store: target.store,
      meta: { ip: request.ip, userAgent: request.headers['user-agent'] ?? null },
      pathParams: match.params,
      // Methods, not arrow properties: the TypeScript loader wraps each named arrow in a naming call per request.
      isAllowed(resource) {
        return isAllowed(principal, resource, target.store);
      },
      setHeader(name, value) {
        if (request.responseHeaders) request.responseHeaders[name] = value;
      },
    };
    return await service.call(resolveArgs(service.args, input), context);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    throw challenge(error, principal, presented !== undefined, {
      realm: deps.settings.get('webapi/auth/realm'),
      insufficientScopeAs403: deps.settings.flag('webapi/auth/insufficient_scope_403'),
    });
  }
}

/**
 * Magento's user-context chain: a Bearer token first, then an OAuth 1.0a signature, else a guest. As in Magento,
 * the signature is never evaluated on a route any guest may call: the user context is consulted only when a
 * resource other than `anonymous` is checked, so a broken OAuth header there neither fails nor counts.
 */
async function authenticate(
  request: ApiRequest,
  route: Route,
  presented: string | undefined,
  deps: DispatchDeps,
): Promise<Principal> {
  if (presented === undefined && !tokenOptional(route.resources)) {
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
