// The import scenario: N generated customers through the real CLI (`node bin/keyway.js import:customers`)
// into a fresh SQLite file, timed from spawn to exit, with the child's peak resident memory (VmHWM).
// Standalone: `node --import tsx bench/import.ts [--rows N]`.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCustomerCsv } from './customer-csv.ts';
import { ROOT } from './processes.ts';

export interface ImportScenarioOptions {
  rows: number;
  /** Rows per transaction; the CLI's default when left out. */
  batchSize?: number;
}

export interface ImportScenarioResult {
  rows: number;
  seconds: number;
  rows_per_s: number;
  peak_rss_mib: number;
  /** The child's own CPU time (user + system): what the import costs, whatever else runs on the machine. */
  cpu_seconds: number;
}

// utime and stime, fields 14 and 15 of /proc/<pid>/stat, in clock ticks (100 a second on Linux).
function cpuTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function vmHwmKib(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0; // the process has just exited
  }
}

/** Generates the CSV (not timed), imports it through the CLI (timed) and answers the figures. */
export async function runImportScenario(options: ImportScenarioOptions): Promise<ImportScenarioResult> {
  const dir = mkdtempSync(join(tmpdir(), 'keyway-import-bench-'));
  try {
    const csv = join(dir, 'customers.csv');
    await writeCustomerCsv(csv, options.rows);
    const args = [join(ROOT, 'bin', 'keyway.js'), 'import:customers', csv];
    if (options.batchSize) args.push('--batch-size', String(options.batchSize));
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: `sqlite:${join(dir, 'keyway.sqlite')}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peakKib = 0;
    let ticks = 0;
    // VmHWM and CPU time only grow, so the last reading before exit is within one interval of the end.
    const sampler = setInterval(() => {
      peakKib = Math.max(peakKib, vmHwmKib(child.pid!));
      ticks = Math.max(ticks, cpuTicks(child.pid!));
    }, 50);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const code: number | null = await new Promise((resolve) => child.on('exit', resolve));
    clearInterval(sampler);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (code !== 0) throw new Error(`import:customers exited with ${code}: ${stderr}`);
    const imported = Number(/^customers\s+(\d+)/m.exec(stdout)?.[1] ?? Number.NaN);
    if (imported !== options.rows) throw new Error(`expected ${options.rows} imported, the summary says:\n${stdout}`);
    return {
      rows: options.rows,
      seconds: Math.round(seconds * 100) / 100,
      rows_per_s: Math.round(options.rows / seconds),
      peak_rss_mib: Math.round((peakKib / 1024) * 10) / 10,
      cpu_seconds: ticks / 100,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
  console.log(await runImportScenario({ rows: Number(values.rows) }));
}
