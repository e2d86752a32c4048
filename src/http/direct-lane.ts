import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import proxyAddr from '@fastify/proxy-addr';
import type { FastifyBaseLogger } from 'fastify';
import { AppError } from '../errors.ts';
import type { Route } from '../webapi/route.ts';
import type { ApiAnswer, ApiCall } from './api-call.ts';
import type { ApiTarget } from './api-path.ts';
import { newRequestId } from './lifecycle.ts';

/** Counts one answered request under its route (or none), as the metrics hook counts Fastify's. */
export type AnswerObserver = (route: Route | null, method: string, status: number, seconds: number) => void;

export interface DirectLaneOptions {
  answer(call: ApiCall): ApiAnswer | Promise<ApiAnswer>;
  refuse(call: ApiCall, error: unknown): ApiAnswer;
  /** The store and service path of a Web API call the lane may answer (a `/rest/` path, not the schema). */
  apiTarget(path: string): ApiTarget | undefined;
  /** True while something else must see every request first (CORS is on) or the app is stopping. */
  handOver(): boolean;
  /** Whether the app is stopping: answers then tell the client to hang up. */
  closing(): boolean;
  bodyLimit: number;
  trustProxy: boolean;
  logger?: FastifyBaseLogger;
  observe?: AnswerObserver;
}

/** Answers a request itself and returns true, or returns false, having touched nothing, for Fastify to answer. */
export type DirectLane = (request: IncomingMessage, response: ServerResponse) => boolean;

const trustAll = () => true;

/**
 * Web API calls straight from Node's request, without Fastify's per-request pipeline (request and reply
 * objects, routing, hooks, body parsers), which cost as much again as Keyway's own work on a warm read. Both
 * edges hand the same `ApiCall` to the same answerer, so an answer cannot differ by edge. The lane keeps to
 * plainly framed calls: GET and DELETE without a body, POST and PUT whose `Content-Length` is within the limit
 * and which name a Content-Type. Everything else (other methods, chunked or oversized bodies, the schema,
 * CORS, a stopping app) goes to Fastify, whose answers for those the tests pin down.
 */
export function createDirectLane(options: DirectLaneOptions): DirectLane {
  const { bodyLimit, logger } = options;
  const ipOf = options.trustProxy
    ? (request: IncomingMessage) => {
        const chain = proxyAddr.all(request, trustAll);
        return chain[chain.length - 1] ?? '';
      }
    : (request: IncomingMessage) => request.socket.remoteAddress ?? '';
  const schemeOf = (request: IncomingMessage): string => {
    const forwarded = options.trustProxy ? request.headers['x-forwarded-proto'] : undefined;
    if (typeof forwarded === 'string') return forwarded.slice(forwarded.lastIndexOf(',') + 1).trim();
    return (request.socket as TLSSocket | undefined)?.encrypted ? 'https' : 'http';
  };

  /** Takes a request: its id and first log line now, as Fastify does, before any body has arrived. */
  const take = (request: IncomingMessage, response: ServerResponse, target: ApiTarget): LaneCall => {
    const id = newRequestId();
    const log = logger?.child({ reqId: id });
    const ip = ipOf(request);
    log?.info({ req: { id, method: request.method, url: request.url, ip } }, 'incoming request');
    return new LaneCall(options, request, response, target, id, ip, schemeOf(request), log);
  };

  return (request, response) => {
    const method = request.method;
    if (method !== 'GET' && method !== 'POST' && method !== 'PUT' && method !== 'DELETE') return false;
    const url = request.url;
    if (url === undefined || url.charCodeAt(0) !== 0x2f || options.handOver()) return false;
    const queryAt = url.indexOf('?');
    const target = options.apiTarget(queryAt === -1 ? url : url.slice(0, queryAt));
    if (!target) return false;
    const headers = request.headers;
    const declared = headers['content-length'];
    if (headers['transfer-encoding'] !== undefined) return false;
    if (declared === undefined || declared === '0') {
      take(request, response, target).answerWith(undefined);
      return true;
    }
    const length = Number(declared);
    if ((method !== 'POST' && method !== 'PUT') || headers['content-type'] === undefined) return false;
    if (!Number.isSafeInteger(length) || length > bodyLimit) return false;
    const call = take(request, response, target);
    readBody(request, length, (body) => call.answerWith(body));
    return true;
  };
}

/**
 * One call on the lane, from its request to its answer: an object with methods rather than closures made per
 * request, since the lane runs for every Web API call.
 */
class LaneCall implements ApiCall {
  readonly method: string;
  readonly url: string;
  readonly headers: ApiCall['headers'];
  body: Buffer | undefined = undefined;
  private readonly started = performance.now();

  constructor(
    private readonly options: DirectLaneOptions,
    request: IncomingMessage,
    private readonly response: ServerResponse,
    readonly target: ApiTarget,
    private readonly id: string,
    readonly ip: string,
    readonly scheme: string,
    private readonly log: FastifyBaseLogger | undefined,
  ) {
    const headers = request.headers;
    this.method = request.method!;
    this.url = request.url!;
    this.headers = {
      accept: headers.accept,
      authorization: headers.authorization,
      'content-type': headers['content-type'],
      'user-agent': headers['user-agent'],
      host: headers.host,
    };
  }

  reportFailure(err: unknown, reportId: string): void {
    this.log?.error({ err, reportId }, 'internal error');
  }

  /** Answers the call once its body (undefined: none; null: shorter than its Content-Length) is in. */
  answerWith(body: Buffer | null | undefined): void {
    const { options } = this;
    if (body === null) {
      this.write(options.refuse(this, new AppError('badRequest')));
      return;
    }
    this.body = body;
    let answered: ApiAnswer | Promise<ApiAnswer>;
    try {
      answered = options.answer(this);
    } catch (error) {
      answered = options.refuse(this, error);
    }
    // A warm read is written at once, inside Node's own request event, as a synchronous Fastify handler is.
    if (answered instanceof Promise) {
      answered.then(
        (answer) => this.write(answer),
        (error: unknown) => this.write(options.refuse(this, error)),
      );
    } else this.write(answered);
  }

  private write(answer: ApiAnswer): void {
    const out = answer.headers;
    out['x-request-id'] = this.id;
    out['content-length'] = String(Buffer.byteLength(answer.body));
    if (this.options.closing()) out.connection = 'close';
    this.response.writeHead(answer.status, out);
    this.response.end(answer.body);
    const seconds = (performance.now() - this.started) / 1000;
    this.options.observe?.(answer.route, this.method, answer.status, seconds);
    this.log?.info({ res: { statusCode: answer.status }, responseTime: seconds * 1000 }, 'request completed');
  }
}

/**
 * Collects a body of a declared length. Node's parser never passes more than `Content-Length` bytes, so a
 * shorter body (a client that lied or hung up) is the only mismatch; it answers 400 as Fastify does, if the
 * client is still there to read it.
 */
function readBody(request: IncomingMessage, length: number, done: (body: Buffer | null) => void): void {
  const chunks: Buffer[] = [];
  let received = 0;
  request.on('data', (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  });
  request.on('end', () => {
    if (received !== length) done(null);
    // Node copies each body chunk out of the socket's buffer, so a body that came in one piece is kept as it is.
    else done(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
  });
  // A client that hung up mid-body gets nothing: there is no one to answer.
  request.on('error', () => request.destroy());
}
