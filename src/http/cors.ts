import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Settings } from '../config/settings.ts';
import { methodsForUrl, type LookupDeps } from './route-lookup.ts';

/** Which origins may call the API from a browser; `any` stands for the `*` entry. */
export interface CorsOrigins {
  readonly any: boolean;
  readonly origins: ReadonlySet<string>;
}

// Bearer tokens travel in a header the page sets itself, never in cookies, so no credentials mode is needed
// and these are all the request headers a Magento client sends.
const ALLOWED_HEADERS = 'Authorization, Content-Type, Accept';
const EXPOSED_HEADERS = 'X-Request-Id, Retry-After';

/** Reads `webapi/cors/allowed_origins`: comma-separated origins compared without regard to case, or `*`. */
export function parseCorsOrigins(setting: string): CorsOrigins {
  const entries = setting
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  return { any: entries.includes('*'), origins: new Set(entries.filter((entry) => entry !== '*')) };
}

export function isOriginAllowed(policy: CorsOrigins, origin: string): boolean {
  return policy.any || policy.origins.has(origin.toLowerCase());
}

/** The CORS origins in force, parsed again only when the setting changed. */
export interface CorsPolicy {
  current(): CorsOrigins;
  /** Whether any origin may call: off (the default), requests need no CORS step at all. */
  isOn(): boolean;
}

export function createCorsPolicy(settings: Settings): CorsPolicy {
  let parsedFrom: string | undefined;
  let policy: CorsOrigins = { any: false, origins: new Set() };
  const current = (): CorsOrigins => {
    const setting = settings.get('webapi/cors/allowed_origins');
    if (setting !== parsedFrom) {
      policy = parseCorsOrigins(setting);
      parsedFrom = setting;
    }
    return policy;
  };
  return {
    current,
    isOn() {
      const origins = current();
      return origins.any || origins.origins.size > 0;
    },
  };
}

/**
 * CORS for the `/rest/` API (not in Magento, which leaves it to the web server). The settings are read on every
 * request from the in-memory snapshot, so `config:set` takes effect on each node at its next refresh. A
 * preflight from an allowed origin on a known URL answers 204 itself; any other OPTIONS goes on to dispatch,
 * which answers Magento's 405. Origins that are not allowed get no CORS headers at all.
 *
 * Answers the step of the app's one request hook: it returns true when it has answered (a preflight).
 */
export function corsStep(
  policy: CorsPolicy,
  settings: Settings,
  deps: LookupDeps,
): (request: FastifyRequest, reply: FastifyReply) => boolean {
  return (request, reply) => {
    // CORS off (the default) costs one comparison: the URL is not even split.
    if (!policy.isOn()) return false;
    const current = policy.current();
    const path = request.url.split('?', 1)[0]!;
    if (!path.includes('/rest/')) return false;
    // The answer depends on the Origin header whenever CORS is on, so caches must keep one copy per origin.
    reply.header('vary', 'Origin');
    const origin = request.headers.origin;
    if (origin === undefined || !isOriginAllowed(current, origin)) return false;
    reply.header('access-control-allow-origin', origin);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      const methods = methodsForUrl(path, deps);
      if (methods.length > 0) {
        reply
          .code(204)
          .header('access-control-allow-methods', methods.join(', '))
          .header('access-control-allow-headers', ALLOWED_HEADERS)
          .header('access-control-max-age', String(settings.int('webapi/cors/max_age')))
          .send();
        return true;
      }
    }
    reply.header('access-control-expose-headers', EXPOSED_HEADERS);
    return false;
  };
}
