// One scenario against a Keyway server started with --cpu-prof, then the profile's summary.
// `node --import tsx bench/profile.ts <baseline|guest|customer_me|admin_customer|login|storm|scale> [--backend postgres]
//  [--duration S] [--connections N] [--tokens N]`
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBenchDatabase, type Backend } from './database.ts';
import { load, type LoadSpec } from './load.ts';
import { killAll, ROOT, startBaseline, startKeyway } from './processes.ts';
import { summarise, type Window } from './profile-summary.ts';
import * as requests from './scenarios.ts';
import { seedDatabase, seedThroughApi, type Seed } from './seed.ts';

const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    backend: { type: 'string', default: 'sqlite' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    tokens: { type: 'string', default: '1000000' },
  },
});
const scenario = positionals[0] ?? '';
const loads: Record<string, (base: requests.Base, seed: Seed) => LoadSpec[]> = {
  baseline: (base) => [requests.baseline(base)],
  guest: (base) => [requests.guest(base)],
  customer_me: (base, seed) => [requests.customerMe(base, seed)],
  admin_customer: (base, seed) => [requests.adminCustomer(base, seed)],
  login: (base, seed) => [requests.login(base, seed)],
  storm: (base, seed) => [requests.login(base, seed), requests.customerMe(base, seed)],
  scale: (base, seed) => [requests.customerMe(base, seed)],
};
if (!loads[scenario]) throw new Error(`usage: bench/profile.ts <${Object.keys(loads).join('|')}> [--backend postgres]`);
const connections = Number(args.connections);
const durationS = Number(args.duration);

const watchdog = setTimeout(() => {
  killAll();
  process.exit(2);
}, (durationS + 300) * 1000);
watchdog.unref();

// A folder per run: tsx's loader runs in a worker thread, which writes a profile of its own beside the main one.
const dir = join(ROOT, 'bench', 'profiles', `${scenario}-${args.backend}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
mkdirSync(dir, { recursive: true });
let window: Window | undefined;
const db = await createBenchDatabase(args.backend as Backend);
try {
  // Accounts are made on an unprofiled server, so the profile holds the scenario's load alone.
  await seedDatabase(db.url);
  const seeding = await startKeyway(db.url);
  const seed = await seedThroughApi(seeding.url, connections);
  await seeding.stop();
  if (scenario === 'scale') await db.setTokenCount(Number(args.tokens), seed.me.id);

  const profiling = ['--cpu-prof', '--cpu-prof-dir', dir];
  const server = scenario === 'baseline' ? await startBaseline(profiling) : await startKeyway(db.url, profiling);
  const specs = loads[scenario]!({ url: server.url, connections, durationS }, seed);
  await Promise.all(specs.map((spec) => load({ ...spec, durationS: 2 })));
  const fromUs = Number(process.hrtime.bigint() / 1000n);
  const results = await Promise.all(specs.map((spec) => load(spec)));
  window = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
  await server.stop();
  for (const [i, r] of results.entries()) {
    console.log(`${specs[i]!.path}: ${Math.round(r.rps)} req/s, p50 ${r.p50_ms.toFixed(2)} ms, p99 ${r.p99_ms.toFixed(2)} ms, ${r.failed} failed`);
  }
} finally {
  killAll();
  await db.drop();
}
// Default names end in .<pid>.<thread id>.<sequence>.cpuprofile; the main thread is thread 0.
const main = readdirSync(dir).find((file) => /\.0\.\d+\.cpuprofile$/.test(file));
if (!main) throw new Error(`the server wrote no main-thread profile in ${dir}`);
console.log(summarise(join(dir, main), 25, window));
