#!/usr/bin/env node
// Start-up time of the server, from the command to its first answer (`GET /health/live` → 200), for the
// compiled build (`node dist/main.js`, what `npm start` runs) and for the sources through tsx (what it ran
// before the build existed). Each run gets a fresh SQLite database, so both pay for the same migration.
//
//   node scripts/start-up-time.mjs [--runs N]     (default 5; run `npm run build` first)
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const COMMANDS = {
  'node dist/main.js': ['dist/main.js'],
  'node --import tsx src/main.ts': ['--import', 'tsx', 'src/main.ts'],
};
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 5;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer().on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function live(port) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health/live' }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

/** Milliseconds from spawning `args` to the first 200 from /health/live. */
async function startOnce(args) {
  const dir = mkdtempSync(join(tmpdir(), 'keyway-start-up-'));
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: `sqlite:${join(dir, 'keyway.sqlite')}`,
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    while (!(await live(port))) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return performance.now() - started;
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const times = Object.fromEntries(Object.keys(COMMANDS).map((label) => [label, []]));
// One unmeasured run each fills the disk cache; then the two alternate, so a busy moment hits both alike.
for (const args of Object.values(COMMANDS)) await startOnce(args);
for (let i = 0; i < RUNS; i++) {
  for (const [label, args] of Object.entries(COMMANDS)) times[label].push(await startOnce(args));
}
for (const [label, runs] of Object.entries(times)) {
  const list = runs.map((t) => t.toFixed(0)).join(', ');
  console.log(`${label.padEnd(30)} median ${median(runs).toFixed(0).padStart(5)} ms  (runs: ${list} ms)`);
}
