// The integration:* commands run as processes (`node bin/keyway.js ...`), against a real server process that
// shares their database: what they print, how they refuse, and what their tokens do on the server.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { notAuthorized } from '../helpers/magento-bodies.ts';
import {
  http,
  runCli,
  startServer,
  tempWorkspace,
  type ProcessResult,
  type ServerProcess,
} from '../network/server-process.ts';

// Both processes need the same key: the server checks it against the database the CLI wrote.
const KEY_ENV = { CRYPT_KEY: '0123456789abcdef0123456789abcdef' };
const TOKEN = /^[0-9a-z]{32}$/;
const STORE_VIEWS = '/rest/V1/store/storeViews';

function succeeded(result: ProcessResult): string[] {
  assert.equal(result.code, 0, `expected exit 0, got ${result.code}; stderr: ${result.stderr}`);
  assert.equal(result.stderr, '', 'a successful command writes nothing on stderr');
  return result.stdout.trimEnd().split('\n');
}

/** A refusal: exit 1, nothing on stdout, exactly `keyway: <message>` on stderr. */
function refused(result: ProcessResult, message: string): void {
  assert.equal(result.code, 1, `expected exit 1; stdout: ${result.stdout}`);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, `keyway: ${message}\n`);
}

/** The four `name: value` lines of an activation, as a record. */
function credentials(lines: string[]): Record<string, string> {
  assert.deepEqual(
    lines.map((line) => line.split(': ')[0]),
    ['consumer_key', 'consumer_secret', 'access_token', 'access_token_secret'],
  );
  const values = Object.fromEntries(lines.map((line) => line.split(': ') as [string, string]));
  for (const value of Object.values(values)) assert.match(value, TOKEN);
  return values;
}

describe('keyway integration:* commands', { concurrency: 1 }, () => {
  const workspace = tempWorkspace();
  let server: ServerProcess;
  let consumer: Server;
  const posted: Record<string, string>[] = [];
  const cli = (...args: string[]) => runCli(workspace.databaseUrl, args, KEY_ENV);
  const storeViews = (token: string) => http(server.url, 'GET', STORE_VIEWS, { token });

  before(async () => {
    server = await startServer({
      env: { DATABASE_URL: workspace.databaseUrl, SETTINGS_REFRESH_MS: '200', ...KEY_ENV },
    });
    consumer = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        posted.push(Object.fromEntries(new URLSearchParams(body)));
        response.end();
      });
    });
    await new Promise<void>((resolve) => consumer.listen(0, '127.0.0.1', resolve));
  });
  after(async () => {
    await server?.stop();
    await new Promise((resolve) => consumer.close(resolve));
    workspace.remove();
  });

  it('--help lists the integration commands; a missing name is one line', async () => {
    const help = succeeded(await runCli('sqlite::memory:', ['--help'])).join('\n');
    for (const command of [
      'integration:create',
      'integration:activate <name>',
      'integration:reauthorize <name>',
      'integration:show <name>',
      'integration:list',
      'integration:delete <name>',
    ]) {
      assert.ok(help.includes(`  ${command} `), `--help lists ${command}:\n${help}`);
    }
    const missing = await cli('integration:activate');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^keyway: missing required argument 'name'\n$/);
  });

  it("integration:create saves with Magento's message and refuses bad input in one line", async () => {
    assert.deepEqual(succeeded(await cli('integration:create', '--name', 'ERP', '--all-resources')), [
      "The integration 'ERP' has been saved.",
    ]);
    refused(
      await cli('integration:create', '--name', 'ERP', '--all-resources'),
      'The integration with name "ERP" exists.',
    );
    refused(await cli('integration:create', '--name', 'Both'), 'Give either --resources or --all-resources');
    refused(
      await cli('integration:create', '--name', 'Both', '--all-resources', '--resources', 'Magento_Backend::store'),
      'Give either --resources or --all-resources',
    );
    refused(
      await cli('integration:create', '--name', 'Unknown', '--resources', 'Vendor_Module::nothing'),
      'The ACL resource "Vendor_Module::nothing" does not exist.',
    );
    refused(
      await cli('integration:create', '--name', 'Mail', '--email', 'nope', '--all-resources'),
      'The email value is invalid. Set the correct value and try again.',
    );
  });

  it('integration:activate prints the four credentials; the token works as a Bearer token only with the flag', async () => {
    const values = credentials(succeeded(await cli('integration:activate', 'ERP')));
    const token = values.access_token!;
    const guest = await storeViews(token);
    assert.equal(guest.status, 401, 'the flag is off by default');
    assert.deepEqual(guest.json, notAuthorized('Magento_Backend::store'));
    succeeded(await cli('config:set', 'oauth/consumer/enable_integration_as_bearer', '1'));
    await sleep(600);
    assert.equal((await storeViews(token)).status, 200);
    refused(
      await cli('integration:activate', 'ERP'),
      'The integration "ERP" is already active. Reauthorize it instead.',
    );

    const shown = succeeded(await cli('integration:show', 'ERP'));
    assert.deepEqual(
      shown.map((line) => line.split(':')[0]),
      [
        'id',
        'name',
        'email',
        'endpoint',
        'identity_link_url',
        'status',
        'resources',
        'consumer_key',
        'created_at',
        'updated_at',
        'secrets',
      ],
    );
    assert.ok(shown.includes('status: Active'));
    assert.ok(shown.includes('resources: all'));
    assert.ok(shown.includes(`consumer_key: ${values.consumer_key}`));
    const text = shown.join('\n');
    for (const secret of [values.consumer_secret!, values.access_token!, values.access_token_secret!]) {
      assert.equal(text.includes(secret), false, 'show never prints a secret');
    }
    assert.match(text, /only a digest of the access token/);
  });

  it('integration:reauthorize kills the old token on the running server at once; the new one works', async () => {
    const first = credentials(succeeded(await cli('integration:reauthorize', 'ERP')));
    assert.equal((await storeViews(first.access_token!)).status, 200, 'the server caches the token now');
    const second = credentials(succeeded(await cli('integration:reauthorize', 'ERP')));
    assert.equal(second.consumer_key, first.consumer_key);
    assert.equal(second.consumer_secret, first.consumer_secret);
    assert.notEqual(second.access_token, first.access_token);
    assert.equal((await storeViews(first.access_token!)).status, 401);
    assert.equal((await storeViews(second.access_token!)).status, 200);
  });

  it('integration:activate with an endpoint POSTs the four form fields there', async () => {
    const endpoint = `http://127.0.0.1:${(consumer.address() as AddressInfo).port}/callback`;
    succeeded(
      await cli(
        'integration:create',
        '--name',
        'Hooked',
        '--endpoint',
        endpoint,
        '--resources',
        'Magento_Backend::store',
      ),
    );
    const lines = succeeded(await cli('integration:activate', 'Hooked'));
    assert.deepEqual(lines, [
      `Posted the consumer key, consumer secret and verifier of integration Hooked to ${endpoint}`,
      'It becomes Active once the consumer completes the OAuth handshake (within 300 s)',
    ]);
    assert.equal(posted.length, 1);
    assert.deepEqual(Object.keys(posted[0]!), [
      'oauth_consumer_key',
      'oauth_consumer_secret',
      'store_base_url',
      'oauth_verifier',
    ]);
    assert.equal(posted[0]!.store_base_url, 'http://localhost/');
    for (const name of ['oauth_consumer_key', 'oauth_consumer_secret', 'oauth_verifier']) {
      assert.match(posted[0]![name]!, TOKEN);
    }
    assert.ok(succeeded(await cli('integration:show', 'Hooked')).includes('status: Inactive'));
  });

  it("integration:activate to an endpoint nobody listens on: Magento's message", async () => {
    succeeded(
      await cli(
        'integration:create',
        '--name',
        'Nowhere',
        '--endpoint',
        'http://127.0.0.1:9/callback',
        '--all-resources',
      ),
    );
    refused(
      await cli('integration:activate', 'Nowhere'),
      'The attempt to post data to consumer failed due to an unexpected error. Please try again later.',
    );
  });

  it('integration:list shows id, name, status and endpoint; integration:delete kills the token', async () => {
    const lines = succeeded(await cli('integration:list'));
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, /^\d+\tERP\tActive\tmanual$/);
    assert.match(lines[1]!, /^\d+\tHooked\tInactive\thttp:\/\/127\.0\.0\.1:\d+\/callback$/);
    const token = credentials(succeeded(await cli('integration:reauthorize', 'ERP'))).access_token!;
    assert.equal((await storeViews(token)).status, 200);
    assert.deepEqual(succeeded(await cli('integration:delete', 'ERP')), ["The integration 'ERP' has been deleted."]);
    assert.equal((await storeViews(token)).status, 401);
    refused(await cli('integration:show', 'ERP'), 'There is no integration named "ERP"');
    refused(await cli('integration:delete', 'ERP'), 'There is no integration named "ERP"');
  });
});
