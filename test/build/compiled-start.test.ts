// `npm start` and `npx keyway` run the compiled build in dist/ with plain node: no TypeScript loader in the
// server process. The same check, pointed at a server started through tsx, must find the loader, so a check
// that can no longer see it fails here rather than passing quietly.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { http, PROJECT_ROOT, startServer, tempWorkspace, type ServerProcess } from '../network/server-process.ts';
import { commandLine, loaderEvidence } from './loader-evidence.ts';

/** npm's own script, run with this node: the one npm test was started with, else the one beside node. */
const NPM_CLI =
  process.env.npm_execpath ?? join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');

/** The pid in the "Keyway is listening" line: the server itself, not npm or the shell between. */
function serverPid(server: ServerProcess): number {
  const listening = server.lines
    .map((line) => (line.startsWith('{') ? (JSON.parse(line) as { msg?: string; pid?: number }) : {}))
    .find((entry) => entry.msg === 'Keyway is listening');
  assert.ok(listening?.pid, `no "Keyway is listening" line with a pid in ${server.lines.join('\n')}`);
  return listening.pid;
}

async function stopServer(server: ServerProcess | undefined, pid: number | undefined): Promise<void> {
  // npm may not pass a signal on to its script, so the server is told directly.
  if (pid !== undefined) process.kill(pid, 'SIGTERM');
  await server?.stop('SIGTERM');
}

function compiledFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? compiledFiles(join(dir, entry.name))
      : entry.name.endsWith('.js')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe('the compiled build', () => {
  it('npm start runs node dist/main.js, answers, and its process has no TypeScript loader', async () => {
    const workspace = tempWorkspace('keyway-start-');
    let server: ServerProcess | undefined;
    let pid: number | undefined;
    try {
      server = await startServer({
        args: [NPM_CLI, 'start'],
        env: { DATABASE_URL: workspace.databaseUrl },
      });
      pid = serverPid(server);
      assert.deepEqual(commandLine(pid).slice(1), ['dist/main.js']);
      assert.deepEqual(loaderEvidence(pid), []);
      assert.deepEqual((await http(server.url, 'GET', '/health/live')).json, { status: 'ok' });
    } finally {
      await stopServer(server, pid);
      workspace.remove();
    }
  });

  it('the same check finds the loader in a server started through tsx', async () => {
    const workspace = tempWorkspace('keyway-start-');
    let server: ServerProcess | undefined;
    try {
      server = await startServer({
        args: ['--import', 'tsx', 'src/main.ts'],
        env: { DATABASE_URL: workspace.databaseUrl, LOG_LEVEL: 'info' },
      });
      assert.deepEqual(loaderEvidence(serverPid(server)), [
        'command line: --import',
        'command line: tsx',
        'TypeScript entry: src/main.ts',
      ]);
    } finally {
      await server?.stop('SIGTERM');
      workspace.remove();
    }
  });

  it('no compiled file imports tsx or a .ts module', () => {
    const files = compiledFiles(join(PROJECT_ROOT, 'dist'));
    assert.ok(
      files.some((file) => file.endsWith(join('dist', 'main.js'))),
      'dist/main.js exists',
    );
    const offenders = files.filter((file) =>
      /\bfrom\s+['"](tsx|[^'"]+\.ts)['"]|import\(\s*['"](tsx|[^'"]+\.ts)['"]/.test(readFileSync(file, 'utf8')),
    );
    assert.deepEqual(offenders, []);
  });
});
