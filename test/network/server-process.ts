// Keyway as a real operating-system process: the server started the way `npm start` starts it (the compiled
// dist/main.js, which scripts/run-tests.mjs builds first), and the command line run as `node bin/keyway.js ...`. For tests about the network and the CLI only; every other
// test builds the app in-process (test/helpers/test-app.ts).
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root, found from this file so the tests run from any working directory. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const MAIN_JS = join(PROJECT_ROOT, 'dist', 'main.js');
export const CLI_JS = join(PROJECT_ROOT, 'bin', 'keyway.js');

/** A temporary directory with a database file path in it; `remove()` deletes both. */
export function tempWorkspace(prefix = 'keyway-cli-'): {
  dir: string;
  databaseUrl: string;
  file: string;
  remove(): void;
} {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const file = join(dir, 'keyway.sqlite');
  return { dir, file, databaseUrl: `sqlite:${file}`, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The environment of a child: this process's, minus the variables Keyway reads, plus `extra`. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'HOST',
    'PORT',
    'LOG_LEVEL',
    'REDIS_URL',
    'BODY_LIMIT',
    'TRUST_PROXY',
    'SETTINGS_REFRESH_MS',
    'CRYPT_KEY',
    'CRYPT_KEY_FILE',
    'SMTP_URL',
  ]) {
    delete env[name];
  }
  // node:test marks its children; a Keyway child must not think it is a test file.
  delete env.NODE_TEST_CONTEXT;
  for (const [name, value] of Object.entries(extra)) {
    if (value !== undefined) env[name] = value;
  }
  return env;
}

export interface ProcessResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion and answers its exit code and output; never rejects on a non-zero exit. */
export function run(
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number },
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: options.cwd ?? PROJECT_ROOT, env: options.env, timeout: options.timeoutMs ?? 30_000, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(Object.assign(error, { stdout, stderr }));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** `keyway <args>` against one database, as `node bin/keyway.js` (what `npx keyway` runs). */
export function runCli(
  databaseUrl: string | undefined,
  args: readonly string[],
  extraEnv: Record<string, string> = {},
): Promise<ProcessResult> {
  return run([CLI_JS, ...args], { env: childEnv({ DATABASE_URL: databaseUrl, ...extraEnv }) });
}

export interface ServerProcess {
  /** `http://127.0.0.1:PORT`, from the "Keyway is listening" log line. */
  url: string;
  child: ChildProcess;
  /** Every stdout line so far (pino JSON). */
  lines: string[];
  stderr(): string;
  /** Sends a signal and answers how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Whether the server logs a line containing `fragment` within `timeoutMs`. Its stdout and an HTTP answer reach
 * this process by different pipes, so a line written before the answer may still arrive after it.
 */
export async function logsLine(server: ServerProcess, fragment: string, timeoutMs = 2_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!server.lines.some((line) => line.includes(fragment))) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

export interface StartOptions {
  env: Record<string, string | undefined>;
  cwd?: string;
  /** The command after `node`; by default `dist/main.js`, exactly what `npm start` runs. */
  args?: readonly string[];
  timeoutMs?: number;
  /** Reads the address from a JSON log line, for a process that is not Keyway's server (a host app). */
  listening?: (entry: { msg?: unknown; address?: unknown }) => string | undefined;
}

/** Generous: on a loaded two-core machine a start-up has been seen to take over 20 s. */
const LISTEN_TIMEOUT_MS = 60_000;

const keywayListening: NonNullable<StartOptions['listening']> = (entry) =>
  entry.msg === 'Keyway is listening' && typeof entry.address === 'string' ? entry.address : undefined;

/** Starts a server process on PORT=0 (unless the env says otherwise) and waits until it listens. */
export function startServer(options: StartOptions): Promise<ServerProcess> {
  const args = options.args ?? [MAIN_JS];
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: childEnv({ PORT: '0', ...options.env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  const ready = new Promise<string>((resolve, reject) => {
    let pending = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        lines.push(line);
        try {
          const address = (options.listening ?? keywayListening)(JSON.parse(line) as { msg?: unknown });
          if (address !== undefined) resolve(address);
        } catch {
          // not a JSON line; kept in `lines` for the failure message
        }
      }
    });
    void exited.then(({ code, signal }) =>
      reject(
        new Error(
          `server exited (code ${code}, signal ${signal}) before listening; stderr: ${stderr}; stdout: ${lines.join('\n')}`,
        ),
      ),
    );
    setTimeout(
      () =>
        reject(
          new Error(`server did not listen within ${options.timeoutMs ?? LISTEN_TIMEOUT_MS} ms; stderr: ${stderr}`),
        ),
      options.timeoutMs ?? LISTEN_TIMEOUT_MS,
    ).unref();
  });

  const stop: ServerProcess['stop'] = async (signal = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };

  return ready.then(
    (url) => ({ url, child, lines, stderr: () => stderr, stop }),
    async (error: unknown) => {
      await stop('SIGKILL');
      throw error;
    },
  );
}

export interface HttpResult {
  status: number;
  text: string;
  json: unknown;
}

/** One request to a server process with fetch; `json` is the parsed body, or undefined when it is not JSON. */
export async function http(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<HttpResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(new URL(path, baseUrl), { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}
