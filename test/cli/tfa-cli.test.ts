// The two-factor commands as processes (`node bin/keyway.js security:tfa:*`, what `npx keyway` runs) against a
// real server process started as `npm start` starts it, with the real clock and no mail server.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { generateSecret, generateSync } from 'otplib';
import {
  http,
  logsLine,
  runCli,
  startServer,
  tempWorkspace,
  type ProcessResult,
  type ServerProcess,
} from '../network/server-process.ts';

const CRYPT_KEY = 'cli-tfa-test-key-0123456789abcdef';
const ADMIN = { username: 'webapi_user', password: '123123q' };

function succeeded(result: ProcessResult): string[] {
  assert.equal(result.code, 0, `expected exit 0, got ${result.code}; stderr: ${result.stderr}`);
  assert.equal(result.stderr, '');
  return result.stdout.trimEnd().split('\n');
}

function refused(result: ProcessResult, line: string): void {
  assert.notEqual(result.code, 0);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr.trimEnd(), `keyway: ${line}`);
}

describe('keyway security:tfa:* commands', { concurrency: 1, timeout: 240_000 }, () => {
  const workspace = tempWorkspace('keyway-tfa-cli-');
  const cli = (...args: string[]) => runCli(workspace.databaseUrl, args, { CRYPT_KEY });
  let server: ServerProcess;
  const authenticate = (otp: string) =>
    http(server.url, 'POST', '/rest/V1/tfa/provider/google/authenticate', { json: { ...ADMIN, otp } });

  before(async () => {
    succeeded(
      await cli(
        'admin:user:create',
        '--admin-user',
        ADMIN.username,
        '--admin-password',
        ADMIN.password,
        '--admin-email',
        'webapi_user@example.com',
        '--admin-firstname',
        'Web',
        '--admin-lastname',
        'Api',
      ),
    );
    server = await startServer({
      env: { DATABASE_URL: workspace.databaseUrl, CRYPT_KEY, SETTINGS_REFRESH_MS: '200', LOG_LEVEL: 'info' },
    });
  });
  after(async () => {
    await server?.stop();
    workspace.remove();
  });

  it('--help lists the commands', async () => {
    const help = succeeded(await cli('--help')).join('\n');
    for (const command of [
      'security:tfa:providers',
      'security:tfa:reset <user> <provider>',
      'security:tfa:google:set-secret <user> <secret>',
      'security:tfa:token <user>',
    ]) {
      assert.ok(help.includes(`  ${command}`), `--help lists ${command}`);
    }
  });

  it("security:tfa:providers prints Magento's line", async () => {
    assert.deepEqual(succeeded(await cli('security:tfa:providers')), ['          google: Google Authenticator']);
  });

  it('config:set refuses providers other than google, clearly', async () => {
    const result = await cli('config:set', 'twofactorauth/general/force_providers', 'google,duo_security');
    refused(
      result,
      'twofactorauth/general/force_providers must be empty or google (the only provider Keyway provides: Google Authenticator), got "google,duo_security"',
    );
    assert.deepEqual(succeeded(await cli('config:set', 'twofactorauth/general/force_providers', 'google')), [
      'twofactorauth/general/force_providers = google',
    ]);
    // The running server reads the setting within its refresh interval.
    await sleep(1_000);
  });

  it('without SMTP_URL the admin-token route answers "Failed to send the message" and the log says why', async () => {
    const response = await http(server.url, 'POST', '/rest/V1/integration/admin/token', { json: ADMIN });
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { message: 'Failed to send the message. Please contact the administrator' });
    assert.ok(await logsLine(server, 'mail is not configured (set SMTP_URL)'));
  });

  it('security:tfa:google:set-secret lets the admin authenticate with that secret at once', async () => {
    const secret = generateSecret();
    assert.deepEqual(succeeded(await cli('security:tfa:google:set-secret', ADMIN.username, secret)), [
      'Google OTP secret has been set',
    ]);
    const response = await authenticate(generateSync({ secret }));
    assert.equal(response.status, 200, response.text);
    assert.match(response.json as string, /^[0-9a-z]{32}$/);
  });

  it('security:tfa:reset forgets it: the provider is no longer configured', async () => {
    assert.deepEqual(succeeded(await cli('security:tfa:reset', ADMIN.username, 'google')), [
      `Provider Google Authenticator has been reset for user ${ADMIN.username}`,
    ]);
    const response = await authenticate('123456');
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, { message: 'Provider is not configured.' });
  });

  it('security:tfa:token prints a configuration token the configure route takes', async () => {
    const [token] = succeeded(await cli('security:tfa:token', ADMIN.username));
    const response = await http(server.url, 'POST', '/rest/V1/tfa/provider/google/configure', {
      json: { tfaToken: token },
    });
    assert.equal(response.status, 200, response.text);
    assert.match((response.json as { secret_code: string }).secret_code, /^[A-Z2-7]+$/);
  });

  it('refuses unknown users, providers and secrets in one line', async () => {
    refused(await cli('security:tfa:token', 'nobody'), 'Unknown user nobody');
    refused(await cli('security:tfa:reset', 'nobody', 'google'), 'Unknown user nobody');
    refused(await cli('security:tfa:google:set-secret', 'nobody', generateSecret()), 'Unknown user nobody');
    refused(await cli('security:tfa:reset', ADMIN.username, 'authy'), 'Unknown provider authy');
    refused(
      await cli('security:tfa:google:set-secret', ADMIN.username, 'not-base32!'),
      'The secret must be base32 (A-Z, 2-7) of 16 to 64 bytes (26 to 103 characters)',
    );
  });
});
