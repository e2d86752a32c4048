// backends: sqlite, postgres
// Route files are validated at start-up: a broken one stops Keyway with a message naming the file and route.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Type } from 'typebox';
import { defineService } from '../../src/api/define-service.ts';
import { createKeyway } from '../../src/keyway.ts';
import { createTestDatabase } from '../helpers/databases.ts';
import { notAuthorized } from '../helpers/magento-bodies.ts';
import { createTestServer } from '../helpers/test-app.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];

/** A config folder with one module holding the given webapi.xml (and optionally acl.xml). */
function configDir(webapi: string, acl?: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'keyway-config-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'Acme_Shop'));
  const file = join(dir, 'Acme_Shop', 'webapi.xml');
  writeFileSync(file, webapi);
  if (acl) writeFileSync(join(dir, 'Acme_Shop', 'acl.xml'), acl);
  return { dir, file };
}

function route(resource: string, service = 'Acme\\Shop\\Api\\PingInterface'): string {
  return `<?xml version="1.0"?>
<routes>
    <route url="/V1/acme/ping" method="GET">
        <service class="${service}" method="ping"/>
        <resources>
            <resource ref="${resource}"/>
        </resources>
    </route>
</routes>
`;
}

// A route folder's service is declared as the built-in ones are: one schema for its arguments and answer.
const PING = {
  'Acme\\Shop\\Api\\PingInterface::ping': defineService({
    summary: 'Answer with the echo',
    args: Type.Object({ echo: Type.Optional(Type.String()) }),
    answer: Type.Object({ pong: Type.Union([Type.String(), Type.Boolean()]) }),
    call: async ({ echo }) => ({ pong: echo ?? true }),
  }),
};

describe('route files at start-up', () => {
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  async function startFails(dir: string): Promise<Error> {
    const database = await createTestDatabase();
    try {
      return await createKeyway({ databaseUrl: database.url, configDirs: [dir], extraServices: PING }).then(
        () => assert.fail('start-up should have failed'),
        (error: Error) => error,
      );
    } finally {
      await database.drop();
    }
  }

  it('a resource no acl.xml declares stops start-up, naming file, line and route', async () => {
    const { dir, file } = configDir(route('Acme_Shop::nothing'));
    const error = await startFails(dir);
    assert.equal(error.name, 'ConfigError');
    assert.ok(error.message.startsWith(`${file}:3: `), error.message);
    assert.match(error.message, /GET \/V1\/acme\/ping/);
    assert.match(error.message, /Acme_Shop::nothing/);
  });

  it('a service Keyway does not implement stops start-up', async () => {
    const { dir, file } = configDir(route('anonymous', 'Acme\\Shop\\Api\\MissingInterface'));
    const error = await startFails(dir);
    assert.ok(error.message.startsWith(file), error.message);
    assert.match(error.message, /Acme\\Shop\\Api\\MissingInterface::ping/);
  });

  it('malformed XML stops start-up naming the file', async () => {
    const { dir, file } = configDir('<routes><route url="/V1/x" method="GET"></routes>');
    const error = await startFails(dir);
    assert.ok(error.message.startsWith(file), error.message);
  });

  it('a route file that declares its own resource and service is served next to the built-in ones', async () => {
    const acl = `<config><acl><resources><resource id="Magento_Backend::admin">
      <resource id="Acme_Shop::ping" title="Ping"/></resource></resources></acl></config>`;
    const { dir } = configDir(route('Acme_Shop::ping'), acl);
    const s = await createTestServer({ keyway: { configDirs: [dir], extraServices: PING } });
    try {
      await s.seedAdmin('pinger', 'abc12345');
      await s.keyway.admins.createRole('Pingers', ['Acme_Shop::ping']);
      await s.seedAdmin('limited', 'abc12345', 'Pingers');
      const guest = await s.call('GET', '/rest/V1/acme/ping');
      assert.equal(guest.status, 401);
      assert.deepEqual(guest.json, notAuthorized('Acme_Shop::ping'));
      const ok = await s.call('GET', '/rest/V1/acme/ping?echo=hi', {
        token: await s.adminToken('limited', 'abc12345'),
      });
      assert.equal(ok.status, 200);
      assert.deepEqual(ok.json, { pong: 'hi' });
    } finally {
      await s.close();
    }
  });

  it('the server process refuses to start on a broken file and says where', async () => {
    const { dir, file } = configDir(route('Acme_Shop::nothing'));
    const database = await createTestDatabase('sqlite');
    try {
      const result = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: database.url, KEYWAY_CONFIG_DIRS: dir, PORT: '0', LOG_LEVEL: 'silent' },
        timeout: 30_000,
      }).then(
        () => assert.fail('the server started'),
        (error: { code: number; stderr: string }) => error,
      );
      assert.notEqual(result.code, 0);
      assert.ok(result.stderr.includes(`${file}:3`), result.stderr);
      assert.match(result.stderr, /GET \/V1\/acme\/ping/);
      assert.equal(result.stderr.trim().split('\n').length, 1, 'one clear line, no stack trace');
    } finally {
      await database.drop();
    }
  });
});
