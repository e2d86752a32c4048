import qs from 'qs';
import { AppError } from '../errors.ts';
import type { Route } from '../webapi/route.ts';
import { acceptTypes, negotiateAccept } from './accept.ts';
import { type ApiTarget, resolveStorePath } from './api-path.ts';
import type { BodyFormat } from './content-type.ts';
import { dispatch, type ApiRequest, type DispatchDeps } from './dispatch.ts';
import { CONTENT_TYPES, errorBody, renderBody } from './render.ts';
import { NO_INPUT } from './request-input.ts';
import { newReportId } from './report-id.ts';
import type { SchemaEndpoint } from './schema-endpoint.ts';

/** A Web API request as either edge (Fastify's route or the direct lane) hands it over. */
export interface ApiCall {
  method: string;
  /** The raw request target, path and query. */
  url: string;
  headers: {
    accept?: string;
    authorization?: string;
    /** The client's own Content-Type, before any edge rewrote it. */
    'content-type'?: string;
    'user-agent'?: string;
    host?: string;
  };
  body: Buffer | undefined;
  ip: string;
  /** `http` or `https`, as the request (or a trusted proxy) says. */
  scheme: string;
  /** The store and service path, when the edge has already read them from the URL. */
  target?: ApiTarget;
  /** Logs a failure outside the catalogue, with the report id its 500 answer quotes. */
  reportFailure(error: unknown, reportId: string): void;
}

/** What goes back: the edge adds only what it owns (the request id, `Connection: close` while stopping). */
export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The webapi route the call matched, for the metrics; null when it matched none. */
  route: Route | null;
}

const QUERY_LIMITS = { depth: 6, parameterLimit: 1000, arrayLimit: 100, throwOnLimitExceeded: true } as const;

/**
 * Answers Web API calls: Accept first, then the schema endpoint or `dispatch`, every failure rendered in
 * Magento's error shape. It never throws, so an edge only has to write what it gets.
 */
export function createApiAnswerer(
  deps: DispatchDeps,
  schema: SchemaEndpoint,
): { answer(call: ApiCall): ApiAnswer | Promise<ApiAnswer>; refuse(call: ApiCall, error: unknown): ApiAnswer } {
  /** The answer, at once when dispatch answered at once (a warm read), else a promise that never rejects. */
  const answer = (call: ApiCall): ApiAnswer | Promise<ApiAnswer> => {
    const format = negotiateAccept(call.headers.accept);
    if (!format) {
      // Magento names the first of the sorted accepted types in the message.
      // A header too long to sort names nothing; its opening stands in, bounded.
      const accept = call.headers.accept ?? '';
      return failure(call, new AppError('notAcceptable', [acceptTypes(accept)[0] ?? accept.slice(0, 64)]), 'json');
    }
    const request: ApiRequest = {
      method: call.method,
      path: '',
      query: NO_INPUT,
      headers: call.headers,
      body: call.body,
      ip: call.ip,
      origin: { scheme: call.scheme, host: call.headers.host ?? '', target: call.url },
      // Headers a service asks for (such as `expires_in` on a new token) go out only with its success.
      responseHeaders: { 'content-type': CONTENT_TYPES[format] },
    };
    const refused = (error: unknown) => failure(call, error, format, request.route ?? null);
    try {
      const queryAt = call.url.indexOf('?');
      const path = queryAt === -1 ? call.url : call.url.slice(0, queryAt);
      const search = queryAt === -1 ? '' : call.url.slice(queryAt + 1);
      // Read once, for the schema check and for dispatch.
      const storePath = call.target ?? resolveStorePath(path, deps.directory);
      if (storePath && call.method === 'GET' && storePath.schema) {
        // Magento answers its schema in JSON whatever the Accept header asks for.
        return schema(storePath.store, search, call.headers.authorization).then(
          (document) => ok({ 'content-type': CONTENT_TYPES.json }, JSON.stringify(document), null),
          refused,
        );
      }
      request.path = path;
      request.query = parseQuery(search);
      request.storePath = storePath ?? null;
      const answered = (result: unknown) =>
        ok(request.responseHeaders!, renderBody(result, format), request.route ?? null);
      const result = dispatch(request, deps);
      // Rendering can fail too (a value JSON cannot hold); the promise's own handler takes that failure.
      if (result instanceof Promise) return result.then(answered).catch(refused);
      return answered(result);
    } catch (error) {
      return refused(error);
    }
  };
  const refuse = (call: ApiCall, error: unknown): ApiAnswer =>
    failure(call, error, negotiateAccept(call.headers.accept) ?? 'json');
  return { answer, refuse };
}

function ok(headers: Record<string, string>, body: string, route: Route | null): ApiAnswer {
  return { status: 200, headers, body, route };
}

function parseQuery(search: string): Record<string, unknown> {
  if (search === '') return NO_INPUT;
  try {
    return qs.parse(search, QUERY_LIMITS) as Record<string, unknown>;
  } catch {
    throw new AppError('badRequest');
  }
}

/** Renders any failure; an error outside the catalogue becomes an opaque 500 whose detail only the log sees. */
function failure(call: ApiCall, error: unknown, format: BodyFormat, route: Route | null = null): ApiAnswer {
  let appError: AppError;
  if (error instanceof AppError) {
    appError = error;
  } else {
    const reportId = newReportId();
    call.reportFailure(error, reportId);
    appError = new AppError('internalError', [reportId]);
  }
  return {
    status: appError.status,
    headers: { ...appError.headers, 'content-type': CONTENT_TYPES[format] },
    body: renderBody(errorBody(appError), format),
    route,
  };
}
