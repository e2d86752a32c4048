import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

// A request id ties one request's log lines together: it must be unique, not secret. A random head drawn once per
// process and a counter after it are unique across processes and restarts, without drawing random bytes for
// every request (about a microsecond each on the warm read). The id keeps a version-4 UUID's shape: the head
// carries the version and variant digits, the counter fills the last twelve.
const HEAD = uuidHead(randomBytes(10).toString('hex'));
let issued = 0;

/** Request ids for Fastify's `genReqId` and the direct lane; never taken from the client. */
export const newRequestId = (): string => {
  issued++;
  return HEAD + issued.toString(16).padStart(12, '0');
};

/** `xxxxxxxx-xxxx-4xxx-Vxxx-` from 20 random hex digits, V being the variant digit (8, 9, a or b). */
function uuidHead(hex: string): string {
  const variant = '89ab'[Number.parseInt(hex[15]!, 16) & 3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(12, 15)}-${variant}${hex.slice(16, 19)}-`;
}

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
