import type { Socket } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import qs from 'qs';
import { AddressThrottle } from './auth/address-throttle.ts';
import { AppError } from './errors.ts';
import { acceptTypes, negotiateAccept } from './http/accept.ts';
import type { BodyFormat } from './http/content-type.ts';
import { dispatch, type ApiRequest, type DispatchDeps } from './http/dispatch.ts';
import { answerClientError, answerUnsupportedMethod, fromFastifyError } from './http/fastify-errors.ts';
import { corsStep } from './http/cors.ts';
import { registerHealth } from './http/health.ts';
import { newRequestId, registerGracefulClose } from './http/lifecycle.ts';
import { createHttpMetrics } from './http/metrics.ts';
import { registerMetrics } from './http/metrics-routes.ts';
import { registerOAuthEndpoints } from './http/oauth-endpoints.ts';
import { CONTENT_TYPES, errorBody, renderBody } from './http/render.ts';
import { newReportId } from './http/report-id.ts';
import { isSchemaPath, resolveStorePath } from './http/api-path.ts';
import { createSchemaEndpoint } from './http/schema-endpoint.ts';
import { registerSwaggerUi } from './http/swagger-ui.ts';
import type { Keyway } from './keyway.ts';

export interface HttpOptions {
  /** Largest request body in bytes; larger ones get 413. */
  bodyLimit?: number;
  /** A pino logger for request and error lines; none means silent. */
  logger?: FastifyBaseLogger;
  /** Trust `X-Forwarded-For` from a proxy in front of Keyway. */
  trustProxy?: boolean;
  /** Serve `GET /metrics` and count requests (default true). */
  metrics?: boolean;
  /** Add Node's process and event-loop metrics to `/metrics` (default false: one process, one collector). */
  processMetrics?: boolean;
  /** Serve Swagger UI at `/swagger` (default true). */
  swaggerUi?: boolean;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
const QUERY_LIMITS = { depth: 6, parameterLimit: 1000, arrayLimit: 100, throwOnLimitExceeded: true } as const;

/** Builds the HTTP app around a Keyway instance. It never listens: `main.ts` does, and tests inject. */
export function createApp(keyway: Keyway, options: HttpOptions = {}): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    bodyLimit,
    exposeHeadRoutes: false,
    trustProxy: options.trustProxy ?? false,
    requestIdHeader: false,
    genReqId: newRequestId,
    // The query is parsed in the handler, where a query over the limits can be answered as a Magento error.
    routerOptions: { querystringParser: () => ({}) },
    clientErrorHandler: answerClientError,
    // A path with broken percent-encoding still goes to Keyway's own routing, which decodes as PHP does.
    frameworkErrors: (_error, request, reply) => handle(request, reply),
    // A silent logger still costs a child logger per request; none at all costs nothing.
    ...(options.logger && options.logger.level !== 'silent' ? { loggerInstance: options.logger } : { logger: false }),
  });
  // Failed OAuth checks count per address with failed sign-ins, in the same counters.
  const addresses = new AddressThrottle({ ...keyway, throttle: keyway.stores.throttle });
  const deps: DispatchDeps = {
    ...keyway,
    directory: keyway.stores.directory,
    signedCalls: { integrations: keyway.integrationStore, addresses, logger: keyway.logger },
  };
  app.decorateRequest('apiRoute', null);
  registerGracefulClose(app);
  if (options.metrics ?? true) {
    registerMetrics(app, deps, createHttpMetrics({ processMetrics: options.processMetrics }), keyway.authEvents);
  }
  registerHealth(app, keyway.stores.driver);
  if (options.swaggerUi ?? true) registerSwaggerUi(app, keyway.stores.directory);
  const schema = createSchemaEndpoint(keyway);

  // Bodies are kept raw: Magento checks the route and the caller before it looks at Content-Type. Fastify
  // would refuse a Content-Type it cannot parse before any of that, so it is shown a neutral one and the
  // client's header is kept aside for Keyway's own check.
  const contentTypes = new WeakMap<object, string>();
  const cors = corsStep(keyway.settings, deps);
  // One hook for every request's own steps: each hook Fastify runs costs a call chain of its own.
  app.addHook('onRequest', (request, reply, done) => {
    // Each request's id goes back in `X-Request-Id`, so a client can quote it and an operator find its log lines.
    reply.header('x-request-id', request.id);
    const header = request.raw.headers['content-type'];
    if (header !== undefined) {
      contentTypes.set(request.raw, header);
      request.raw.headers['content-type'] = 'application/octet-stream';
    }
    if (!cors(request, reply)) done();
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const format = negotiateAccept(request.headers.accept);
    if (!format) {
      // Magento names the first of the sorted accepted types in the message.
      // A header too long to sort names nothing; its opening stands in, bounded.
      const named = acceptTypes(request.headers.accept ?? '')[0] ?? (request.headers.accept ?? '').slice(0, 64);
      return send(reply, new AppError('notAcceptable', [named]), 'json', request);
    }
    try {
      const [path, search = ''] = request.url.split('?', 2) as [string, string?];
      // Read once, for the schema check and for dispatch.
      const storePath = resolveStorePath(path, deps.directory);
      if (storePath && request.method === 'GET' && isSchemaPath(storePath.path)) {
        // Magento answers its schema in JSON whatever the Accept header asks for.
        const document = await schema(storePath.store, search, request.headers.authorization);
        return reply.code(200).type(CONTENT_TYPES.json).send(JSON.stringify(document));
      }
      // Headers a service asks for (such as `expires_in` on a new token) go out only with its success.
      const responseHeaders: Record<string, string> = {};
      const apiRequest: ApiRequest = {
        method: request.method,
        path,
        query: parseQuery(search),
        headers: {
          authorization: request.headers.authorization,
          'content-type': contentTypes.get(request.raw),
          'user-agent': request.headers['user-agent'],
        },
        body: Buffer.isBuffer(request.body) ? request.body : undefined,
        ip: request.ip,
        origin: { scheme: request.protocol, host: request.headers.host ?? '', target: request.url },
        responseHeaders,
        storePath: storePath ?? null,
      };
      let result: unknown;
      try {
        result = await dispatch(apiRequest, deps);
      } finally {
        // Before anything is sent: the response hooks read it.
        request.apiRoute = apiRequest.route ?? null;
      }
      reply.code(200).headers(responseHeaders).type(CONTENT_TYPES[format]).send(renderBody(result, format));
    } catch (error) {
      send(reply, error, format, request);
    }
  };

  app.route({ method: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'], url: '*', handler: handle });
  registerOAuthEndpoints(app, {
    store: keyway.integrationStore,
    addresses,
    bodyLimit,
    contentTypeOf: (request) => contentTypes.get(request.raw),
  });
  app.setNotFoundHandler(handle);
  app.setErrorHandler((error, request, reply) => {
    send(
      reply,
      fromFastifyError(error, bodyLimit) ?? error,
      negotiateAccept(request.headers.accept) ?? 'json',
      request,
    );
  });
  // CONNECT never reaches a route: Node hands the raw socket over. It gets Magento's 405 all the same.
  app.server.on('connect', (request: { method?: string }, socket: Socket) => {
    answerUnsupportedMethod(request.method ?? 'CONNECT', socket);
  });
  return app;
}

function parseQuery(search: string): Record<string, unknown> {
  if (search === '') return Object.create(null);
  try {
    return qs.parse(search, QUERY_LIMITS) as Record<string, unknown>;
  } catch {
    throw new AppError('badRequest');
  }
}

/** Renders any failure; an error outside the catalogue becomes an opaque 500 whose detail only the log sees. */
function send(reply: FastifyReply, error: unknown, format: BodyFormat, request: FastifyRequest): void {
  let appError: AppError;
  if (error instanceof AppError) {
    appError = error;
  } else {
    const reportId = newReportId();
    request.log.error({ err: error, reportId }, 'internal error');
    appError = new AppError('internalError', [reportId]);
  }
  reply
    .code(appError.status)
    .headers(appError.headers)
    .type(CONTENT_TYPES[format])
    .send(renderBody(errorBody(appError), format));
}
