// One scenario against a Keyway server started with --cpu-prof, then the profile's summary.
// `node --import tsx bench/profile.ts <baseline|guest|customer_me|customer_me_jwt|admin_customer|login|storm|scale> [--backend postgres]
//  [--duration S] [--connections N] [--tokens N] [--no-pin] [--top N] [--callers FUNCTION] [--same-work]`
// --same-work profiles the scenario's same-work yardstick (bench/same-work-server.ts, cached) instead of Keyway.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBenchDatabase, type Backend } from './database.ts';
import { load, type LoadSpec } from './load.ts';
import { killAll, ROOT, startBaseline, startKeyway, startSameWork } from './processes.ts';
import { summarise, type Window } from './profile-summary.ts';
import * as requests from './scenarios.ts';
import { seedDatabase, seedJwt, seedThroughApi, type Seed } from './seed.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    backend: { type: 'string', default: 'sqlite' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    tokens: { type: 'string', default: '1000000' },
    'no-pin': { type: 'boolean', default: false },
    'same-work': { type: 'boolean', default: false },
    callers: { type: 'string' },
    top: { type: 'string', default: '25' },
  },
});
const scenario = positionals[0] ?? '';
const loads: Record<string, (base: requests.Base, seed: Seed) => LoadSpec[]> = {
  baseline: (base) => [requests.baseline(base)],
  guest: (base) => [requests.guest(base)],
  customer_me: (base, seed) => [requests.customerMe(base, seed)],
  customer_me_jwt: (base, seed) => [requests.customerMeJwt(base, seed)],
  admin_customer: (base, seed) => [requests.adminCustomer(base, seed)],
  login: (base, seed) => [requests.login(base, seed)],
  storm: (base, seed) => [requests.login(base, seed), requests.customerMe(base, seed)],
  scale: (base, seed) => [requests.customerMe(base, seed)],
};
if (!loads[scenario]) throw new Error(`usage: bench/profile.ts <${Object.keys(loads).join('|')}> [--backend postgres]`);
const connections = Number(args.connections);
const pin = !args['no-pin'] && cpus().length >= 2;
const durationS = Number(args.duration);

const watchdog = setTimeout(
  () => {
    killAll();
    process.exit(2);
  },
  (durationS + 300) * 1000,
);
watchdog.unref();

// A folder per run: tsx's loader runs in a worker thread, which writes a profile of its own beside the main one.
const dir = join(
  ROOT,
  'bench',
  'profiles',
  `${scenario}-${args.backend}-${new Date().toISOString().replace(/[:.]/g, '-')}`,
);
mkdirSync(dir, { recursive: true });
let window: Window | undefined;
const db = await createBenchDatabase(args.backend as Backend);
try {
  // Accounts are made on an unprofiled server, so the profile holds the scenario's load alone.
  await seedDatabase(db.url);
  const seeding = await startKeyway(db.url);
  const seed = await seedThroughApi(seeding.url, connections);
  await seeding.stop();
  await seedJwt(db.url, seed);
  if (scenario === 'scale') await db.setTokenCount(Number(args.tokens), seed.me.id);

  // The server gets CPU 1 and this process (the load generator) CPU 0: on a shared core the generator would
  // preempt the server at every response, and the profile would charge that wait to the socket write.
  if (pin) execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
  const options = { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', dir], cpu: pin ? 1 : undefined };
  const server =
    scenario === 'baseline'
      ? await startBaseline(options)
      : args['same-work']
        ? await startSameWork(db.file!, true, options)
        : await startKeyway(db.url, options);
  const specs = loads[scenario]!({ url: server.url, connections, durationS }, seed);
  await Promise.all(specs.map((spec) => load({ ...spec, durationS: 2 })));
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const cpuBefore = server.cpuMs();
  const results = await Promise.all(specs.map((spec) => load(spec)));
  const cpuUs = (server.cpuMs() - cpuBefore) * 1000;
  window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
  await server.stop();
  for (const [i, r] of results.entries()) {
    console.log(
      `${specs[i]!.path}: ${Math.round(r.rps)} req/s, p50 ${r.p50_ms.toFixed(2)} ms, p99 ${r.p99_ms.toFixed(2)} ms, ${r.failed} failed`,
    );
  }
  const served = results.reduce((n, r) => n + r.ok, 0);
  console.log(
    `server CPU: ${(cpuUs / served).toFixed(0)} µs per response (profiling included)${pin ? '; server pinned to CPU 1, load generator to CPU 0' : ''}`,
  );
} finally {
  killAll();
  await db.drop();
}
// Default names end in .<pid>.<thread id>.<sequence>.cpuprofile; the main thread is thread 0.
const main = readdirSync(dir).find((file) => /\.0\.\d+\.cpuprofile$/.test(file));
if (!main) throw new Error(`the server wrote no main-thread profile in ${dir}`);
console.log(summarise(join(dir, main), { window, callers: args.callers, top: Number(args.top) }));
