import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import lightMyRequest from 'light-my-request';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { AddressThrottle } from './auth/address-throttle.ts';
import { type ApiAnswer, type ApiCall, createApiAnswerer } from './http/api-call.ts';
import type { DispatchDeps } from './http/dispatch.ts';
import { type AnswerObserver, createDirectLane, type DirectLane } from './http/direct-lane.ts';
import { answerClientError, answerUnsupportedMethod, fromFastifyError } from './http/fastify-errors.ts';
import { corsStep, createCorsPolicy } from './http/cors.ts';
import { registerHealth } from './http/health.ts';
import { newRequestId, registerGracefulClose } from './http/lifecycle.ts';
import { createHttpMetrics } from './http/metrics.ts';
import { registerMetrics } from './http/metrics-routes.ts';
import { registerOAuthEndpoints } from './http/oauth-endpoints.ts';
import { resolveStorePath } from './http/api-path.ts';
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
/** Fastify's own server defaults, which a server made for it must set itself. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** What dispatch needs from a Keyway instance, with the address throttle that signed calls count in. */
export function dispatchDepsOf(keyway: Keyway): { deps: DispatchDeps; addresses: AddressThrottle } {
  // Failed OAuth checks count per address with failed sign-ins, in the same counters.
  const addresses = new AddressThrottle({ ...keyway, throttle: keyway.stores.throttle });
  const deps: DispatchDeps = {
    ...keyway,
    directory: keyway.stores.directory,
    signedCalls: { integrations: keyway.integrationStore, addresses, logger: keyway.logger },
  };
  return { deps, addresses };
}

/** Builds the HTTP app around a Keyway instance. It never listens: `main.ts` does, and tests inject. */
export function createApp(keyway: Keyway, options: HttpOptions = {}): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  // Node hands every request to the direct lane first; what the lane leaves, Fastify answers.
  let lane: DirectLane = () => false;
  let listener: RequestListener = () => undefined;
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
    serverFactory: (fastifyHandler) => {
      listener = (request: IncomingMessage, response: ServerResponse) => {
        if (!lane(request, response)) fastifyHandler(request, response);
      };
      const server = createServer(listener);
      server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
      server.requestTimeout = 0;
      return server;
    },
  });
  const { deps, addresses } = dispatchDepsOf(keyway);
  app.decorateRequest('apiRoute', null);
  const closing = registerGracefulClose(app);
  let observe: AnswerObserver | undefined;
  if (options.metrics ?? true) {
    const metrics = createHttpMetrics({ processMetrics: options.processMetrics });
    observe = registerMetrics(app, deps, metrics, keyway.authEvents);
  }
  registerHealth(app, keyway.stores.driver);
  if (options.swaggerUi ?? true) registerSwaggerUi(app, keyway.stores.directory);
  const api = createApiAnswerer(deps, createSchemaEndpoint(keyway));
  const corsPolicy = createCorsPolicy(keyway.settings);
  lane = createDirectLane({
    ...api,
    apiTarget: (path) => {
      const target = resolveStorePath(path, deps.directory);
      return target && !target.schema ? target : undefined;
    },
    handOver: () => closing() || corsPolicy.isOn(),
    closing,
    bodyLimit,
    trustProxy: options.trustProxy ?? false,
    logger: options.logger && options.logger.level !== 'silent' ? options.logger : undefined,
    observe,
  });

  // Bodies are kept raw: Magento checks the route and the caller before it looks at Content-Type. Fastify
  // would refuse a Content-Type it cannot parse before any of that, so it is shown a neutral one and the
  // client's header is kept aside for Keyway's own check.
  const contentTypes = new WeakMap<object, string>();
  const cors = corsStep(corsPolicy, keyway.settings, deps);
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

  const callOf = (request: FastifyRequest): ApiCall => ({
    method: request.method,
    url: request.url,
    headers: {
      accept: request.headers.accept,
      authorization: request.headers.authorization,
      'content-type': contentTypes.get(request.raw),
      'user-agent': request.headers['user-agent'],
      host: request.headers.host,
    },
    body: Buffer.isBuffer(request.body) ? request.body : undefined,
    ip: request.ip,
    scheme: request.protocol,
    reportFailure: (err, reportId) => request.log.error({ err, reportId }, 'internal error'),
  });
  const send = (request: FastifyRequest, reply: FastifyReply, answer: ApiAnswer) => {
    // Before anything is sent: the response hooks read it.
    request.apiRoute = answer.route;
    reply.code(answer.status).headers(answer.headers).send(answer.body);
  };
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    send(request, reply, await api.answer(callOf(request)));
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
    send(request, reply, api.refuse(callOf(request), fromFastifyError(error, bodyLimit) ?? error));
  });
  // CONNECT never reaches a route: Node hands the raw socket over. It gets Magento's 405 all the same.
  app.server.on('connect', (request: { method?: string }, socket: Socket) => {
    answerUnsupportedMethod(request.method ?? 'CONNECT', socket);
  });
  injectThroughLane(app, () => listener, closing);
  return app;
}

/**
 * `inject()` answers through the server's own listener, direct lane first, so what a test sees is what a
 * client gets. The chained form and a stopping app keep Fastify's own inject.
 */
function injectThroughLane(app: FastifyInstance, listener: () => RequestListener, closing: () => boolean): void {
  const fastifyInject = app.inject.bind(app);
  const inject = (options?: unknown) => {
    if (options === undefined || typeof options === 'function' || closing()) {
      return (fastifyInject as (options?: unknown) => unknown)(options);
    }
    return app.ready().then(() => lightMyRequest(listener(), options as Parameters<typeof lightMyRequest>[1]));
  };
  app.inject = inject as FastifyInstance['inject'];
}
