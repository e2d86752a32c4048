// The yardstick: Fastify with nothing of Keyway's, answering a constant small JSON on every route.
import Fastify from 'fastify';
import { settleNextTick } from '../src/settle-next-tick.ts';

// Started as Keyway's server starts (src/main.ts), so that a ratio compares the work and not a start's luck.
await settleNextTick();
const app = Fastify({ logger: false });
app.all('*', async () => ({ id: 1, email: 'baseline@example.com' }));

process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) });
