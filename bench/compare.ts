// `node --import tsx bench/compare.ts [--rounds N] [--duration S] [--pin]`: Keyway against its same-work yardstick
// (bench/same-work-server.ts, cached variant) for the three read scenarios, and a JWT against an opaque token,
// in alternating short rounds, so a machine whose load drifts (other work on the cores) weighs on both sides alike. For iterating on the request
// path; `npm run bench` remains the record.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createBenchDatabase } from './database.ts';
import { warmThenLoad } from './load.ts';
import { killAll, startKeyway, startSameWork, type ServerChild } from './processes.ts';
import * as requests from './scenarios.ts';
import { seedDatabase, seedJwt, seedThroughApi } from './seed.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    duration: { type: 'string', default: '2' },
    // Servers on CPU 1, the load generator on CPU 0: steadier CPU per request, lower absolute rates.
    pin: { type: 'boolean', default: false },
  },
});
const rounds = Number(args.rounds);
const durationS = Number(args.duration);
const connections = 10;
const cpu = args.pin ? 1 : undefined;
if (args.pin) execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });

const db = await createBenchDatabase('sqlite');
try {
  await seedDatabase(db.url);
  const keyway = await startKeyway(db.url, { cpu });
  const seed = await seedThroughApi(keyway.url, 1);
  await seedJwt(db.url, seed);
  const sameWork = await startSameWork(db.file!, true, { cpu });
  const scenarios = {
    guest: (url: string) => requests.guest({ url, connections, durationS }),
    customer_me: (url: string) => requests.customerMe({ url, connections, durationS }, seed),
    admin_customer: (url: string) => requests.adminCustomer({ url, connections, durationS }, seed),
  };
  for (const [name, spec] of Object.entries(scenarios)) {
    const ratios: number[] = [];
    const cpu: [number, number][] = [];
    for (let round = 0; round < rounds; round++) {
      // Alternate which goes first, so neither always follows the other's warm-up.
      const order: [ServerChild, ServerChild] = round % 2 === 0 ? [keyway, sameWork] : [sameWork, keyway];
      const results = new Map<ServerChild, Awaited<ReturnType<typeof warmThenLoad>>>();
      for (const server of order) results.set(server, await warmThenLoad(spec(server.url), 0.5, server.cpuMs));
      const k = results.get(keyway)!;
      const s = results.get(sameWork)!;
      ratios.push(k.rps / s.rps);
      cpu.push([k.serverCpuUs ?? Number.NaN, s.serverCpuUs ?? Number.NaN]);
    }
    ratios.sort((x, y) => x - y);
    const median = ratios[Math.floor(ratios.length / 2)]!;
    const cpus = cpu.map(([k, s]) => `${k.toFixed(0)}/${s.toFixed(0)}`).join(' ');
    console.log(
      `${name}: Keyway / same work = ${median.toFixed(2)} (rounds ${ratios.map((r) => r.toFixed(2)).join(' ')}); server CPU µs/req Keyway/same ${cpus}`,
    );
  }
  // A JWT against an opaque token of the same customer, on the same Keyway server, in alternating rounds.
  const jwtRatios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const opaque = () => warmThenLoad(requests.customerMe({ url: keyway.url, connections, durationS }, seed), 0.5);
    const jwt = () => warmThenLoad(requests.customerMeJwt({ url: keyway.url, connections, durationS }, seed), 0.5);
    const [first, second] = round % 2 === 0 ? [await opaque(), await jwt()] : [await jwt(), await opaque()];
    jwtRatios.push(round % 2 === 0 ? second.rps / first.rps : first.rps / second.rps);
  }
  console.log(`customer_me_jwt / customer_me = ${jwtRatios.map((r) => r.toFixed(3)).join(' ')}`);
} finally {
  killAll();
  await db.drop();
}
