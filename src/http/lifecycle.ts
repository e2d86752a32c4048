import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/** Request ids for Fastify's `genReqId`: unique, and never taken from the client, since they tie log lines together. */
export const newRequestId = (): string => randomUUID();

/**
 * While the app closes, answers still in flight tell their clients to hang up (`Connection: close`), so
 * kept-alive connections do not hold a stopping server open after their last answer. Answers whether the app
 * is closing, for edges outside Fastify's hooks.
 */
export function registerGracefulClose(app: FastifyInstance): () => boolean {
  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  return () => closing;
}
