#!/usr/bin/env node
// Builds dist/, runs every test file with node's test runner, then runs again on PostgreSQL the files that ask
// for it. Node 20 takes no globs and silently skips .ts files when given a folder, so file lists are built here.
//
// The build comes first because the tests that start processes (the CLI, `npm start`, the README's embedding
// example) run the compiled JavaScript, as users do. It is incremental: a second build with nothing changed
// only checks.
//
// Backends: a test file's first line names the backends it runs on, e.g. `// backends: sqlite, postgres`.
// A file without that line runs on SQLite only. Every file runs in the SQLite run (KEYWAY_TEST_DATABASE=sqlite)
// unless its line leaves sqlite out; the files naming postgres run again with KEYWAY_TEST_DATABASE=postgres.
// test/helpers/test-app.ts reads that variable, so a suite written once covers each backend it names.
//
// Alone: a test file whose first line is `// alone: <why>` runs after the others, by itself, on SQLite.
// Timing comparisons need a quiet machine as benchmarks do; beside two other test files writing to disk they
// measure the other files.
//
// PostgreSQL: KEYWAY_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres). When it cannot
// be reached the PostgreSQL run is skipped with a note, except under CI=true, where that is a failure.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import pg from 'pg';

const BACKENDS = ['sqlite', 'postgres'];
const POSTGRES_URL = process.env.KEYWAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function findTests(path) {
  if (!statSync(path).isDirectory()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path).flatMap((name) => findTests(join(path, name)));
}

/** Whether a test file's first line asks for it to run alone (see above). */
function runsAlone(file) {
  return /^\/\/\s*alone:/.test(readFileSync(file, 'utf8').split('\n', 1)[0]);
}

/** The backends a test file's first line names; SQLite alone when it names none. */
function backendsOf(file) {
  const first = readFileSync(file, 'utf8').split('\n', 1)[0];
  const named = first.match(/^\/\/\s*backends:(.*)$/);
  if (!named) return ['sqlite'];
  const backends = named[1].split(',').map((name) => name.trim());
  const unknown = backends.filter((name) => !BACKENDS.includes(name));
  // A misspelt name would quietly drop a backend's run; refuse it instead.
  if (unknown.length > 0 || backends.length === 0) {
    throw new Error(`${file}: unknown backend(s) in "${first}"; known: ${BACKENDS.join(', ')}`);
  }
  return backends;
}

/** Compiles src/ into dist/ with the project's TypeScript; answers false (after its errors) when that fails. */
function build() {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  console.log('=== build: tsc -p tsconfig.build.json ===');
  return spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' }).status === 0;
}

function run(label, files, env, concurrency = 2) {
  console.log(`\n=== ${label}: ${files.length} test files ===`);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${concurrency}`, ...files],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk.toString();
    });
    child.on('close', (code) => {
      const count = (name) => Number(output.match(new RegExp(`^ℹ ${name} (\\d+)$`, 'm'))?.[1] ?? 0);
      resolve({
        code: code ?? 1,
        pass: count('pass'),
        fail: count('fail'),
        skipped: count('skipped'),
        tests: count('tests'),
      });
    });
  });
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const only = process.argv.slice(2);
const all = (only.length > 0 ? only : findTests('test')).sort();
if (all.length === 0) {
  console.error('No test files found under test/.');
  process.exit(1);
}
if (!build()) {
  console.error('\nThe build failed; no tests were run.');
  process.exit(1);
}
const backends = new Map(all.map((file) => [file, backendsOf(file)]));
const alone = all.filter(runsAlone);
const onSqlite = all.filter((file) => backends.get(file).includes('sqlite') && !alone.includes(file));
const conformance = all.filter((file) => backends.get(file).includes('postgres') && !alone.includes(file));
const results = onSqlite.length > 0 ? [await run('SQLite', onSqlite, { KEYWAY_TEST_DATABASE: 'sqlite' })] : [];
if (alone.length > 0) results.push(await run('SQLite, alone', alone, { KEYWAY_TEST_DATABASE: 'sqlite' }, 1));

let skippedNote = '';
if (conformance.length > 0 && process.env.KEYWAY_TEST_SKIP_POSTGRES !== '1') {
  if (await postgresReachable()) {
    results.push(await run('PostgreSQL', conformance, { KEYWAY_TEST_DATABASE: 'postgres' }));
  } else if (process.env.CI === 'true') {
    console.error(`\nPostgreSQL is not reachable at ${POSTGRES_URL}, and CI=true: failing rather than skipping.`);
    results.push({ code: 1, pass: 0, fail: 1, skipped: 0, tests: 1 });
  } else {
    skippedNote = `Skipped: the PostgreSQL run of ${conformance.length} test files (no server at ${POSTGRES_URL}).`;
  }
}

const total = results.reduce(
  (sum, r) => ({ pass: sum.pass + r.pass, fail: sum.fail + r.fail, skipped: sum.skipped + r.skipped }),
  { pass: 0, fail: 0, skipped: 0 },
);
console.log('');
if (skippedNote) console.log(skippedNote);
console.log(`total: ${total.pass} passed, ${total.fail} failed, ${total.skipped} skipped`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
