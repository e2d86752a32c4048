// A server process started with another key than the database knows refuses to start, in one line naming the
// problem, before it listens; with the known key it starts.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { MAIN_JS, childEnv, run, runCli, tempWorkspace } from './server-process.ts';

const KNOWN = 'k'.repeat(32);
const OTHER = 'o'.repeat(32);

describe('npm start with the wrong CRYPT_KEY', () => {
  const workspace = tempWorkspace('keyway-key-');
  after(() => workspace.remove());
  // The server refuses before it listens, so its process ends on its own.
  const start = (key: string) =>
    run([MAIN_JS], {
      cwd: workspace.dir,
      env: childEnv({ DATABASE_URL: workspace.databaseUrl, CRYPT_KEY: key, PORT: '0', LOG_LEVEL: 'silent' }),
      timeoutMs: 10_000,
    });
  const showConfig = (key: string) => runCli(workspace.databaseUrl, ['config:show'], { CRYPT_KEY: key });

  it('refuses to start with one clear line, and starts again with the known key', async () => {
    // The first command claims the database for the known key.
    const first = await showConfig(KNOWN);
    assert.equal(first.code, 0, `the first start failed: ${first.stderr}`);
    const refused = await start(OTHER);
    assert.equal(refused.code, 1);
    const lines = refused.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, `expected one line, got: ${refused.stderr}`);
    assert.match(lines[0]!, /^keyway: The encryption key does not match the one this database was set up with/);
    assert.ok(!refused.stderr.includes(OTHER) && !refused.stderr.includes(KNOWN), 'no key in the message');
    const again = await showConfig(KNOWN);
    assert.equal(again.code, 0, `the known key was refused: ${again.stderr}`);
  });
});
