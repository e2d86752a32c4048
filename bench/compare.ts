// `node --import tsx bench/compare.ts [--rounds N] [--duration S] [--pin]`: Keyway against its same-work yardstick
// (bench/same-work-server.ts, cached variant) for the three read scenarios, in alternating short rounds with
// both servers started afresh for each round (bench/rounds.ts), so neither a machine whose load drifts nor one
// process's start decides the ratio; then a JWT against an opaque token on one server. For iterating on the
// request path; `npm run bench` remains the record.
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { createBenchDatabase } from './database.ts';
import { warmThenLoad } from './load.ts';
import { killAll, startKeyway, startSameWork } from './processes.ts';
import { alternatingRounds } from './rounds.ts';
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
  const scenarios = {
    guest: (url: string) => requests.guest({ url, connections, durationS }),
    customer_me: (url: string) => requests.customerMe({ url, connections, durationS }, seed),
    admin_customer: (url: string) => requests.adminCustomer({ url, connections, durationS }, seed),
  };
  for (const [name, spec] of Object.entries(scenarios)) {
    const results = await alternatingRounds(
      [
        { name: 'keyway', start: () => startKeyway(db.url, { cpu }), spec },
        { name: 'same', start: () => startSameWork(db.file!, true, { cpu }), spec },
      ],
      { rounds, warmupS: 1 },
    );
    const k = results.get('keyway')!;
    const s = results.get('same')!;
    const perRound = k.rounds.map((round, i) => (round.rps / s.rounds[i]!.rps).toFixed(2)).join(' ');
    const cpus = k.rounds.map((round, i) => `${round.serverCpuUs?.toFixed(0)}/${s.rounds[i]!.serverCpuUs?.toFixed(0)}`);
    console.log(
      `${name}: Keyway / same work = ${(k.rps / s.rps).toFixed(2)} over all rounds (per round ${perRound}); ` +
        `server CPU µs/req Keyway/same ${cpus.join(' ')}`,
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
