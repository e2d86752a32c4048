// `node --import tsx bench/perf-split.ts [--scenario customer_me|admin_customer|guest] [--starts N] [--seconds S]`:
// where each microsecond of a warm read goes, for Keyway, its same-work server and the bare server, from
// Linux `perf` (software clock, call graphs) rather than V8's profiler, so the kernel's share, the garbage
// collector and native code are counted as well as JavaScript. Each server is pinned to CPU 1 and the load
// generator to CPU 0; each sample goes to the first part of the stack that names an owner (see `ownerOf`),
// and the shares are turned into microseconds with the server's CPU per response over the same window.
// Needs `perf` (Debian's linux-perf) and SQLite; servers run with --perf-basic-prof for JavaScript names.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createBenchDatabase } from './database.ts';
import { warmThenLoad, type LoadSpec } from './load.ts';
import { startBaseline, startKeyway, startSameWork, type ServerChild } from './processes.ts';
import * as requests from './scenarios.ts';
import { seedDatabase, seedThroughApi } from './seed.ts';

const { values: args } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'customer_me' },
    starts: { type: 'string', default: '2' },
    seconds: { type: 'string', default: '4' },
  },
});
const seconds = Number(args.seconds);
const starts = Number(args.starts);

/** The parts a response's CPU is split into, in the order they are printed. */
const PARTS = [
  'kernel (socket reads and writes, system calls)',
  'Node HTTP (parser, IncomingMessage, ServerResponse, streams, timers)',
  'Fastify',
  "Keyway's code (dist/)",
  "the same-work server's code (bench/, and the src/ helpers it shares)",
  'SQLite (better-sqlite3, with its fcntl locks)',
  'SHA-256 and other OpenSSL',
  'garbage collection',
  'V8 and Node native, no JavaScript owner found',
] as const;
type Part = (typeof PARTS)[number];

/** The owner of one sample: its leaf decides for the kernel, native libraries and the collector; otherwise the nearest JavaScript frame. */
function ownerOf(frames: string[]): Part {
  const leaf = frames[0] ?? '';
  if (leaf.includes('[kernel.kallsyms]')) return PARTS[0];
  if (frames.some((f) => /Scavenge|MarkCompact|ConcurrentMarking|Sweeper|Heap::Collect|MinorMC|GCTracer/.test(f))) {
    return PARTS[7];
  }
  if (frames.slice(0, 4).some((f) => f.includes('better_sqlite3.node') || f.includes('fcntl'))) return PARTS[5];
  if (/sha256|sha512|EVP_|OPENSSL|CRYPTO_/i.test(leaf)) return PARTS[6];
  for (const frame of frames) {
    if (frame.includes('better_sqlite3.node')) return PARTS[5];
    if (frame.includes('llhttp') || frame.includes('Parser::')) return PARTS[1];
    if (!frame.includes('JS:')) continue;
    if (frame.includes('/dist/')) return PARTS[3];
    if (frame.includes('/bench/') || frame.includes('/src/')) return PARTS[4];
    if (frame.includes('node_modules/fastify') || frame.includes('find-my-way') || frame.includes('avvio')) {
      return PARTS[2];
    }
    if (/node:(_http|internal\/streams|internal\/http|net|internal\/timers|events|internal\/process)/.test(frame)) {
      return PARTS[1];
    }
  }
  return PARTS[8];
}

/** `perf script` output as samples, each its frames from leaf to root. */
function samplesOf(file: string): string[][] {
  const text = execFileSync('perf', ['script', '-i', file], {
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const samples: string[][] = [];
  let frames: string[] = [];
  for (const line of text.toString().split('\n')) {
    if (line.startsWith('\t') || line.startsWith(' ')) frames.push(line.trim());
    else if (line === '' && frames.length > 0) {
      samples.push(frames);
      frames = [];
    }
  }
  if (frames.length > 0) samples.push(frames);
  return samples;
}

async function measure(server: ServerChild, spec: LoadSpec, file: string) {
  await warmThenLoad({ ...spec, durationS: 2 }, 0, server.cpuMs);
  const perf = spawn('perf', ['record', '-e', 'cpu-clock', '-F', '2000', '-g', '-o', file, '-p', String(server.pid)], {
    stdio: 'ignore',
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const result = await warmThenLoad({ ...spec, durationS: seconds }, 0, server.cpuMs);
  perf.kill('SIGINT');
  await new Promise((resolve) => perf.once('exit', resolve));
  const shares = new Map<Part, number>(PARTS.map((p) => [p, 0]));
  const samples = samplesOf(file);
  for (const frames of samples) shares.set(ownerOf(frames), shares.get(ownerOf(frames))! + 1);
  const cpuUs = result.serverCpuUs ?? Number.NaN;
  return new Map([...shares].map(([part, n]) => [part, (n / Math.max(1, samples.length)) * cpuUs]));
}

try {
  execFileSync('perf', ['--version'], { stdio: 'ignore' });
} catch {
  console.error('bench/perf-split.ts needs Linux perf: apt-get install linux-perf');
  process.exit(2);
}
execFileSync('taskset', ['-a', '-cp', '0', String(process.pid)], { stdio: 'ignore' });
const work = mkdtempSync(join(tmpdir(), 'keyway-perf-'));
const db = await createBenchDatabase('sqlite');
try {
  await seedDatabase(db.url);
  const seeding = await startKeyway(db.url);
  const seed = await seedThroughApi(seeding.url, 1);
  await seeding.stop();
  const base = (url: string) => ({ url, connections: 10, durationS: seconds });
  const scenarios: Record<string, (url: string) => LoadSpec> = {
    guest: (url) => requests.guest(base(url)),
    customer_me: (url) => requests.customerMe(base(url), seed),
    admin_customer: (url) => requests.adminCustomer(base(url), seed),
  };
  const spec = scenarios[args.scenario!];
  if (!spec) throw new Error(`--scenario must be one of ${Object.keys(scenarios).join(', ')}`);
  const perfArgs = { cpu: 1, nodeArgs: ['--perf-basic-prof'] };
  const servers: [string, () => Promise<ServerChild>, (url: string) => LoadSpec][] = [
    ['Keyway', () => startKeyway(db.url, perfArgs), spec],
    ['same work', () => startSameWork(db.file!, true, perfArgs), spec],
    ['bare', () => startBaseline(perfArgs), (url) => requests.baseline(base(url))],
  ];
  const totals = new Map<string, Map<Part, number>[]>();
  for (let start = 0; start < starts; start++) {
    for (const [name, begin, load] of servers) {
      const server = await begin();
      try {
        const split = await measure(server, load(server.url), join(work, `${name}-${start}.data`));
        totals.set(name, [...(totals.get(name) ?? []), split]);
      } finally {
        await server.stop();
      }
    }
  }
  const mean = (name: string, part: Part) => {
    const runs = totals.get(name)!;
    return runs.reduce((sum, run) => sum + run.get(part)!, 0) / runs.length;
  };
  const names = servers.map(([name]) => name);
  console.log(`${args.scenario}: µs of server CPU per response, mean of ${starts} starts of each`);
  console.log(`| part | ${names.join(' | ')} |`);
  console.log(`| --- | ${names.map(() => '---:').join(' | ')} |`);
  for (const part of PARTS) console.log(`| ${part} | ${names.map((n) => mean(n, part).toFixed(1)).join(' | ')} |`);
  const total = (name: string) => PARTS.reduce((sum, part) => sum + mean(name, part), 0);
  console.log(`| **total** | ${names.map((n) => total(n).toFixed(1)).join(' | ')} |`);
} finally {
  await db.drop();
  rmSync(work, { recursive: true, force: true });
}
