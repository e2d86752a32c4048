#!/usr/bin/env node
// Runs every test file with node's test runner, then the storage-facing suites again on PostgreSQL.
// Node 20 takes no globs and silently skips .ts files when given a folder, so file lists are built here.
//
// PostgreSQL: KEYWAY_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres). When it cannot
// be reached the PostgreSQL run is skipped with a note, except under CI=true, where that is a failure.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import pg from 'pg';

/** Suites that talk to the database through Keyway's stores: they run once per backend. */
const CONFORMANCE_DIRS = ['test/acceptance', 'test/auth', 'test/http', 'test/storage', 'test/webapi/start-up.test.ts'];
const POSTGRES_URL = process.env.KEYWAY_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function findTests(path) {
  if (!statSync(path).isDirectory()) return path.endsWith('.test.ts') ? [path] : [];
  return readdirSync(path).flatMap((name) => findTests(join(path, name)));
}

function run(label, files, env) {
  console.log(`\n=== ${label}: ${files.length} test files ===`);
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
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
const results = [await run('SQLite', all, { KEYWAY_TEST_DATABASE: 'sqlite' })];

const conformance = all.filter((file) => CONFORMANCE_DIRS.some((dir) => file === dir || file.startsWith(`${dir}/`)));
let skippedNote = '';
if (conformance.length > 0 && process.env.KEYWAY_TEST_SKIP_POSTGRES !== '1') {
  if (await postgresReachable()) {
    results.push(await run('PostgreSQL', conformance, { KEYWAY_TEST_DATABASE: 'postgres' }));
  } else if (process.env.CI === 'true') {
    console.error(`\nPostgreSQL is not reachable at ${POSTGRES_URL}, and CI=true: failing rather than skipping.`);
    results.push({ code: 1, pass: 0, fail: 1, skipped: 0, tests: 1 });
  } else {
    skippedNote = `Skipped: the PostgreSQL run of ${conformance.length} suites (no server at ${POSTGRES_URL}).`;
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
