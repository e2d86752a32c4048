import type { FastifyInstance, FastifyReply } from 'fastify';

/** How long readiness waits for the database; a load balancer asks often and must not pile up hung checks. */
export const READY_TIMEOUT_MS = 2000;

/**
 * Liveness and readiness for process managers and load balancers (not in Magento). Live answers while the
 * process can answer at all; ready answers only while the database does, so a node that lost it is taken out.
 */
export function registerHealth(
  app: FastifyInstance,
  database: { ping(): Promise<boolean> },
  timeoutMs = READY_TIMEOUT_MS,
): void {
  app.get('/health/live', async (_request, reply) => status(reply, 200, 'ok'));
  app.get('/health/ready', async (_request, reply) => {
    const up = await pingWithin(database, timeoutMs);
    return status(reply, up ? 200 : 503, up ? 'ok' : 'unavailable');
  });
}

function status(reply: FastifyReply, code: number, text: string): FastifyReply {
  return reply
    .code(code)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ status: text }));
}

async function pingWithin(database: { ping(): Promise<boolean> }, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([database.ping().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
