// The servers under load run as their own processes, started the way production starts Keyway, so the load
// generator in this process never shares an event loop with them.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
const TSX = import.meta.resolve('tsx');
const live = new Set<ChildProcess>();

/** Kills every server still running; for an interrupted or overdue run. */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

export interface ServerChild {
  url: string;
  pid: number;
  /** Highest resident set size so far, in MiB (VmHWM). */
  peakRssMb(): number;
  /** CPU time the process has used so far (user + system), in ms: its cost, apart from the load generator's. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/**
 * A Keyway server on a fresh port. With LOG_LEVEL=silent it prints no "listening" line, so the port is chosen
 * here and readiness is a successful connect.
 */
export function startKeyway(databaseUrl: string, options: ChildOptions = {}): Promise<ServerChild> {
  // The compiled server, exactly what `npm start` runs; `npm run bench` builds it first.
  return startChild('dist/main.js', { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' }, { ...options, loader: false });
}

/** The same-work yardstick (bench/same-work-server.ts) over Keyway's SQLite file, with or without its caches. */
export function startSameWork(file: string, cached: boolean, options: ChildOptions = {}): Promise<ServerChild> {
  return startChild(
    'bench/same-work-server.ts',
    { SAME_WORK_DATABASE: file, SAME_WORK_CACHED: cached ? '1' : '0' },
    options,
  );
}

/** The bare Fastify app the ratios are taken against, in the same kind of process. */
export function startBaseline(options: ChildOptions = {}): Promise<ServerChild> {
  return startChild('bench/baseline-server.ts', {}, options);
}

export interface ChildOptions {
  /** Extra node flags, such as --cpu-prof. */
  nodeArgs?: readonly string[];
  /** Runs the server on this CPU alone (taskset), so it never competes with the load generator. */
  cpu?: number;
  /** Run through the TypeScript loader (the bench's own servers); false for compiled JavaScript. */
  loader?: boolean;
}

async function startChild(script: string, env: Record<string, string>, options: ChildOptions): Promise<ServerChild> {
  const port = await freePort();
  const loader = options.loader === false ? [] : ['--import', TSX];
  const node = [process.execPath, ...(options.nodeArgs ?? []), ...loader, script];
  // taskset execs node in its own process, so the pid stays the server's.
  const [command, ...args] = options.cpu === undefined ? node : ['taskset', '-c', String(options.cpu), ...node];
  const child = spawn(command!, args, {
    cwd: ROOT,
    env: { ...withoutKeywayEnv(process.env), ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  live.add(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => live.delete(child));
  try {
    await waitForPort(port, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    peakRssMb: () => peakRssMb(child.pid!),
    cpuMs: () => processCpuMs(child.pid!),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The bench's own environment minus what Keyway reads, so a developer's shell settings cannot leak in. */
function withoutKeywayEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of [
    'DATABASE_URL',
    'REDIS_URL',
    'LOG_LEVEL',
    'BODY_LIMIT',
    'TRUST_PROXY',
    'SETTINGS_REFRESH_MS',
    'KEYWAY_CONFIG_DIRS',
    'METRICS',
  ]) {
    delete copy[name];
  }
  return copy;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}: ${stderr()}`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server did not listen on ${port} within ${timeoutMs} ms: ${stderr()}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** CPU time a process has used so far (user + system), in ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime, in clock ticks of 10 ms (USER_HZ = 100).
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
  return Math.round(kb / 1024);
}
