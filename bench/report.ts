// Writes what a run measured: a JSON file per backend, and its table into bench/README.md. The README keeps
// the other backend's table from its last run, so one file shows both.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { Backend } from './database.ts';
import { ROOT } from './processes.ts';

export interface Scenario {
  name: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  ratio: number | null;
  /** Requests per second against the same-work minimal server's (bench/same-work-server.ts), cached variant. */
  ratio_same_work?: number | null;
  /** What was called and how, in a few words. */
  what: string;
  /** The goal set for this scenario, and whether this run reached it. */
  target?: string;
  met?: boolean;
  peak_rss_mb?: number;
  /** The server process's own CPU time per request in µs, apart from the load generator's. */
  server_cpu_us?: number;
  /** Share of all cores that processes outside the run used meanwhile; high means the numbers are disturbed. */
  background_cpu_pct?: number;
  /** The import scenario's own figures (rows, seconds, rows per second, peak RSS, CPU seconds). */
  import?: { rows: number; seconds: number; rows_per_s: number; peak_rss_mib: number; cpu_seconds: number };
}

export interface RunInfo {
  backend: Backend;
  command: string;
  quick: boolean;
  connections: number;
  durationS: number;
}

export function machine() {
  return {
    cpus: cpus().length,
    model: cpus()[0]?.model ?? 'unknown',
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    date: new Date().toISOString(),
  };
}

function commit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'etc'], {
      cwd: ROOT,
      encoding: 'utf8',
    }).trim();
    return dirty ? `${sha} with uncommitted changes under src/ or etc/` : sha;
  } catch {
    return 'unknown';
  }
}

export function writeResults(run: RunInfo, scenarios: Scenario[]): string {
  const info = {
    machine: machine(),
    commit: commit(),
    backend: run.backend,
    command: run.command,
    quick: run.quick,
    connections: run.connections,
    duration_s: run.durationS,
    scenarios: scenarios.map(rounded),
  };
  const file = join(ROOT, 'bench', run.backend === 'sqlite' ? 'results.json' : 'results-postgres.json');
  writeFileSync(file, JSON.stringify(info, null, 2) + '\n');
  const readme = join(ROOT, 'bench', 'README.md');
  const old = existsSync(readme) ? readFileSync(readme, 'utf8') : '';
  const fresh = table(run, info.machine, info.commit, scenarios);
  const marker = new RegExp(`(<!-- results:${run.backend} -->\\n)[\\s\\S]*?(<!-- /results:${run.backend} -->)`);
  // The prose around the tables is written by hand (what the profiles showed); a run replaces its own table only.
  if (marker.test(old))
    writeFileSync(
      readme,
      old.replace(marker, (_all, open, close) => `${open}${fresh}${close}`),
    );
  else {
    const sections = { sqlite: section(old, 'sqlite'), postgres: section(old, 'postgres') };
    sections[run.backend] = fresh;
    writeFileSync(readme, readmeText(sections.sqlite, sections.postgres));
  }
  return file;
}

function rounded(s: Scenario) {
  const r2 = (n: number) => Math.round(n * 100) / 100;
  const bg = s.background_cpu_pct;
  return {
    ...s,
    rps: Math.round(s.rps),
    p50_ms: r2(s.p50_ms),
    p99_ms: r2(s.p99_ms),
    ratio: s.ratio === null ? null : r2(s.ratio),
    ratio_same_work:
      s.ratio_same_work === undefined || s.ratio_same_work === null ? s.ratio_same_work : r2(s.ratio_same_work),
    server_cpu_us: s.server_cpu_us === undefined ? undefined : Math.round(s.server_cpu_us),
    background_cpu_pct: bg === undefined || !Number.isFinite(bg) ? null : Math.round(bg),
  };
}

function section(readme: string, backend: Backend): string {
  const match = new RegExp(`<!-- results:${backend} -->\\n([\\s\\S]*?)<!-- /results:${backend} -->`).exec(readme);
  return match?.[1] ?? `_No ${backend === 'sqlite' ? 'SQLite' : 'PostgreSQL'} run recorded yet._\n`;
}

function table(run: RunInfo, m: ReturnType<typeof machine>, sha: string, scenarios: Scenario[]): string {
  const rows = scenarios.map((s) => {
    const r = rounded(s);
    const verdict = s.target === undefined ? '' : `${s.target} ${s.met ? '✓' : '✗'}`;
    const rss = s.peak_rss_mb === undefined ? '' : `${s.peak_rss_mb}`;
    const bg = Number.isFinite(s.background_cpu_pct) ? `${Math.round(s.background_cpu_pct!)}` : '';
    const cpu = r.server_cpu_us ?? '';
    return `| ${s.name} | ${s.what} | ${r.rps} | ${r.p50_ms} | ${r.p99_ms} | ${r.ratio ?? ''} | ${r.ratio_same_work ?? ''} | ${verdict} | ${cpu} | ${rss} | ${bg} |`;
  });
  return [
    `Command: \`${run.command}\`${run.quick ? ' (quick: shorter runs and a smaller token table)' : ''}  `,
    `Machine: ${m.cpus} × ${m.model}, ${m.memory}, Node ${m.node}  `,
    `Date: ${m.date} · commit ${sha} · ${run.connections} connections, ${run.durationS} s per scenario after a warm-up`,
    '',
    '| scenario | what | req/s | p50 ms | p99 ms | ratio | same-work ratio | target | server CPU µs/req | peak RSS MiB | other CPU % |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
}

function readmeText(sqlite: string, postgres: string): string {
  return `# Keyway benchmarks

\`npm run bench\` measures what token authentication costs, next to a bare server, in one run. It starts a
bare Fastify app and a Keyway server, each as its own \`node --import tsx\` process like production, on a
fresh database; seeds accounts through the API; and loads each scenario with autocannon from the bench
process for a fixed time with the same number of connections. \`npm run bench -- --quick\` takes under a
minute; \`--backend postgres\` does the same on a fresh PostgreSQL database (\`keyway_bench_<pid>\` on
\`postgres://postgres@127.0.0.1:5432\`, dropped afterwards). \`--connections N\` and \`--duration S\` override
the defaults. Results go to \`bench/results.json\` (SQLite) or \`bench/results-postgres.json\`, and the tables below.

## How to read this

Every ratio compares two numbers measured in the same run on the same machine: a scenario's requests per
second against the bare server (\`baseline\`), and token issuance against the password hasher's own verify
rate at the same concurrency. On a 2-core machine the load generator shares the cores with the server, so
absolute numbers are low and ratios are pulled towards 1 (part of every request's cost is the generator's);
read the ratios, and compare absolute numbers only between runs on one machine. Latencies are exact per
response, not autocannon's whole-millisecond histogram.

- \`login\` and the hasher run in four alternating rounds (two with \`--quick\`) on one warmed server, so a
  machine whose speed drifts weighs on both alike; the row gives each round's ratio.
- \`storm\` is \`customers/me\` while logins run flat out on as many connections again.
- \`scale\` runs two servers side by side, one over 1,000 tokens and one over 1,000,000 (100,000 with
  \`--quick\`), loads them in alternating rounds and compares \`customers/me\` p50; the peak RSS is each
  server process's VmHWM.
- "server CPU µs/req" is the server process's own CPU time (user and system, from /proc) per response: what
  a request costs the server, apart from the load generator. For \`login\` it includes the hashing threads.
- "other CPU %" is the share of all cores that processes outside the run used while a scenario ran (another
  test suite on a shared machine, say; on PostgreSQL the database's own processes count as the run's).
  Above a few percent the row is disturbed: rerun.

## SQLite

<!-- results:sqlite -->
${sqlite}<!-- /results:sqlite -->

## PostgreSQL

<!-- results:postgres -->
${postgres}<!-- /results:postgres -->

## Profiling

\`node --import tsx bench/profile.ts <scenario> [--backend postgres] [--duration S] [--callers FUNCTION]\` runs
one scenario against a server started with \`--cpu-prof\` (pinned to one core, the load generator to the
other, unless \`--no-pin\`), writes the profile under \`bench/profiles/\` (git-ignored) and prints the
functions with the most self time, by package, and Keyway's own functions by inclusive time.
\`node --import tsx bench/profile-summary.ts FILE.cpuprofile\` summarises any profile. On loopback, \`writev\`
(the response's socket write) carries the kernel's TCP work for both ends, and a large share of it is normal:
it is 40-75% of the bare server's profile.
`;
}
