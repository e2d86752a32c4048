// The same-work yardstick: a server that does only the work Keyway's three read scenarios need
// (bench/same-work.ts), with nothing else (no route table, no store codes, no metrics, no hooks, no content
// negotiation), so that Keyway's cost can be read against the cost of the work itself. With SAME_WORK_CACHED=1
// it holds what Keyway's caches may hold; without it, every request reads the token row and the record, as a
// cache miss does.
import Fastify from 'fastify';
import { settleNextTick } from '../src/settle-next-tick.ts';
import { openSameWork, type WorkAnswer } from './same-work.ts';

// Started as Keyway's server starts (src/main.ts), so that a ratio compares the work and not a start's luck.
await settleNextTick();
const file = process.env.SAME_WORK_DATABASE;
if (!file) throw new Error('SAME_WORK_DATABASE names the SQLite file');
const work = openSameWork(file, process.env.SAME_WORK_CACHED === '1');
const JSON_TYPE = 'application/json; charset=utf-8';

const app = Fastify({ logger: false });
const send = (reply: { code(n: number): { type(t: string): { send(b: string): unknown } } }, answer: WorkAnswer) =>
  reply.code(answer.status).type(JSON_TYPE).send(answer.body);
app.get('/rest/V1/customers/me', (request, reply) => send(reply, work.customerMe(request.headers.authorization)));
app.get<{ Params: { id: string } }>('/rest/V1/customers/:id', (request, reply) =>
  send(reply, work.adminCustomer(request.headers.authorization, request.params.id)),
);
app.post<{ Body: { customerEmail?: unknown } }>('/rest/V1/customers/isEmailAvailable', (request, reply) =>
  send(reply, work.isEmailAvailable(request.body)),
);

process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) });
