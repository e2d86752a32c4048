// `npm run build && node --import tsx bench/answer-loop.ts [--calls N] [--rounds N] [--only SCENARIO]`: Keyway's answer to each read scenario
// against the same work (bench/same-work.ts), both called in this process, without HTTP, sockets or a load
// generator. It measures what Keyway's own request path (URL reading, routing, authentication, authorisation,
// input, the service, rendering) adds to the work itself, in microseconds per call, on one core and free of
// the network's noise. Rounds alternate, so a machine whose speed drifts weighs on both alike.
import { parseArgs } from 'node:util';
// Keyway compiled, as the server runs it (`npm run bench` builds it first).
import { dispatchDepsOf } from '../dist/app.js';
import { type ApiCall, createApiAnswerer } from '../dist/http/api-call.js';
import { createSchemaEndpoint } from '../dist/http/schema-endpoint.js';
import { createKeyway } from '../dist/keyway.js';
import { createBenchDatabase } from './database.ts';
import { killAll, startKeyway } from './processes.ts';
import { openSameWork } from './same-work.ts';
import { seedDatabase, seedThroughApi } from './seed.ts';

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '100000' },
    rounds: { type: 'string', default: '5' },
    only: { type: 'string' },
  },
});
const calls = Number(args.calls);
const rounds = Number(args.rounds);

const db = await createBenchDatabase('sqlite');
try {
  await seedDatabase(db.url);
  // Accounts and tokens come through a real server, as in `npm run bench`; the loop then opens the same file.
  const server = await startKeyway(db.url);
  const seed = await seedThroughApi(server.url, 1);
  await server.stop();
  const keyway = await createKeyway({ databaseUrl: db.url });
  const api = createApiAnswerer(dispatchDepsOf(keyway).deps, createSchemaEndpoint(keyway));
  const work = openSameWork(db.file!, true);

  const call = (method: string, url: string, headers: ApiCall['headers'], body?: Buffer): ApiCall => ({
    method,
    url,
    headers: { host: '127.0.0.1', ...headers },
    body,
    ip: '127.0.0.1',
    scheme: 'http',
    reportFailure: (error) => {
      throw error;
    },
  });
  const guestBody = Buffer.from(JSON.stringify({ customerEmail: 'nobody@example.com' }));
  const me = `Bearer ${seed.me.token}`;
  const admin = `Bearer ${seed.adminToken}`;
  const scenarios = {
    guest: {
      keyway: () =>
        api.answer(
          call('POST', '/rest/V1/customers/isEmailAvailable', { 'content-type': 'application/json' }, guestBody),
        ),
      // The same-work server's Fastify parses the body; here JSON.parse stands in for it.
      same: () => work.isEmailAvailable(JSON.parse(guestBody.toString('utf8'))),
    },
    customer_me: {
      keyway: () => api.answer(call('GET', '/rest/V1/customers/me', { authorization: me })),
      same: () => work.customerMe(me),
    },
    admin_customer: {
      keyway: () => api.answer(call('GET', `/rest/V1/customers/${seed.me.id}`, { authorization: admin })),
      same: () => work.adminCustomer(admin, String(seed.me.id)),
    },
  };
  console.log(
    `answer loop: ${calls} calls a round, ${rounds} rounds, µs per call (median), Keyway against the same work`,
  );
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (args.only !== undefined && args.only !== name) continue;
    const first = await scenario.keyway();
    const expected = scenario.same();
    if (first.status !== expected.status || first.body !== expected.body) {
      throw new Error(
        `${name}: Keyway answered ${first.status} ${first.body.slice(0, 80)}, the same work ${expected.status} ${expected.body.slice(0, 80)}`,
      );
    }
    const keywayUs: number[] = [];
    const sameUs: number[] = [];
    for (let round = 0; round < rounds + 1; round++) {
      let started = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) await scenario.keyway();
      const k = Number(process.hrtime.bigint() - started) / 1000 / calls;
      started = process.hrtime.bigint();
      for (let i = 0; i < calls; i++) scenario.same();
      const s = Number(process.hrtime.bigint() - started) / 1000 / calls;
      // The first round warms both up and is not counted.
      if (round > 0) {
        keywayUs.push(k);
        sameUs.push(s);
      }
    }
    const k = median(keywayUs);
    const s = median(sameUs);
    console.log(
      `${name}: Keyway ${k.toFixed(2)} µs, same work ${s.toFixed(2)} µs, Keyway adds ${(k - s).toFixed(2)} µs`,
    );
  }
  await keyway.close();
} finally {
  killAll();
  await db.drop();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
