// The CLI commands run as processes (`node bin/keyway.js ...`, what `npx keyway` runs), their errors for bad
// arguments, and their effects on a real server process started the way `npm start` starts it.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccountError } from '../../src/accounts/admin-service.ts';
import { SETTINGS } from '../../src/config/setting-definitions.ts';
import { createKeyway } from '../../src/keyway.ts';
import { createFastHasher } from '../helpers/hashers.ts';
import { SIGN_IN_INCORRECT, notAuthorized } from '../helpers/magento-bodies.ts';
import {
  CLI_JS,
  MAIN_JS,
  PROJECT_ROOT,
  childEnv,
  http,
  run,
  runCli,
  startServer,
  tempWorkspace,
  type ProcessResult,
  type ServerProcess,
} from '../network/server-process.ts';

const TOKEN = /^[0-9a-z]{32}$/;

/** The command succeeded; answers its stdout lines. */
function succeeded(result: ProcessResult): string[] {
  assert.equal(result.code, 0, `expected exit 0, got ${result.code}; stderr: ${result.stderr}`);
  assert.equal(result.stderr, '', 'a successful command writes nothing on stderr');
  return result.stdout.trimEnd().split('\n');
}

/** The command failed with one line on stderr and nothing on stdout; answers that line. */
function failedWithOneLine(result: ProcessResult): string {
  assert.notEqual(result.code, 0, `expected a non-zero exit; stdout: ${result.stdout}`);
  assert.equal(result.stdout, '', 'a refused command prints nothing on stdout');
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `expected one error line, got:\n${result.stderr}`);
  assert.doesNotMatch(lines[0]!, /^\s+at /, 'no stack trace');
  return lines[0]!;
}

/** A refusal by Keyway itself: exactly `keyway: <message>`. */
function refused(result: ProcessResult, message: string | RegExp): void {
  const line = failedWithOneLine(result);
  if (typeof message === 'string') assert.equal(line, `keyway: ${message}`);
  else assert.match(line, message);
}

const adminArgs = (user: string, overrides: Record<string, string> = {}) => {
  const options: Record<string, string> = {
    '--admin-user': user,
    '--admin-password': 'abc12345',
    '--admin-email': `${user}@example.com`,
    '--admin-firstname': 'Web',
    '--admin-lastname': 'Api',
    ...overrides,
  };
  return ['admin:user:create', ...Object.entries(options).flat()];
};

async function adminLogin(server: ServerProcess, username: string, password: string) {
  return http(server.url, 'POST', '/rest/V1/integration/admin/token', { json: { username, password } });
}

async function customerLogin(server: ServerProcess, username: string, password: string) {
  return http(server.url, 'POST', '/rest/V1/integration/customer/token', { json: { username, password } });
}

function assertToken(result: { status: number; json: unknown; text: string }): string {
  assert.equal(result.status, 200, result.text);
  assert.equal(typeof result.json, 'string', result.text);
  assert.match(result.json as string, TOKEN);
  return result.json as string;
}

function assertSignInRefused(result: { status: number; json: unknown; text: string }): void {
  assert.equal(result.status, 401, result.text);
  assert.deepEqual(result.json, SIGN_IN_INCORRECT);
}

// The groups below are independent (each has its own temporary directory and database), so they run side by
// side; the tests inside a group run in order.
const inOrder = { concurrency: 1 } as const;

describe('keyway command line', { concurrency: true }, () => {
  describe('keyway migrate', inOrder, () => {
    const workspace = tempWorkspace();
    after(() => workspace.remove());

    it('applies every migration from 1 to a new database file, then reports the schema up to date', async () => {
      assert.equal(existsSync(workspace.file), false);
      const applied = succeeded(await runCli(workspace.databaseUrl, ['migrate']));
      assert.equal(applied.length, 1);
      assert.match(applied[0]!, /^Applied migration\(s\) 1(, \d+)*$/);
      assert.ok(existsSync(workspace.file), 'the database file was created');
      assert.deepEqual(succeeded(await runCli(workspace.databaseUrl, ['migrate'])), ['The schema is up to date']);
    });
  });

  describe('keyway help and unknown commands', inOrder, () => {
    it('--help lists every command', async () => {
      const lines = succeeded(await runCli('sqlite::memory:', ['--help'])).join('\n');
      for (const command of [
        'serve',
        'migrate',
        'admin:user:create',
        'admin:role:create',
        'admin:role:update',
        'admin:user:unlock <username>',
        'admin:user:disable <username>',
        'admin:user:enable <username>',
        'customer:disable <email>',
        'customer:enable <email>',
        'customer:unlock <email>',
        'config:set <path> <value>',
        'config:show [path]',
        'import:customers [options] <file>',
        'import:magento [options]',
      ]) {
        assert.ok(lines.includes(`  ${command} `), `--help lists ${command}:\n${lines}`);
      }
    });

    it('an unknown command exits non-zero with one line naming it', async () => {
      const workspace = tempWorkspace();
      try {
        const line = failedWithOneLine(await runCli(workspace.databaseUrl, ['admin:user:delete', 'someone']));
        assert.match(line, /unknown command 'admin:user:delete'/);
        assert.equal(existsSync(workspace.file), false, 'an unknown command touches no database');
      } finally {
        workspace.remove();
      }
    });

    it('a command missing its argument exits non-zero with one line naming it', async () => {
      const workspace = tempWorkspace();
      try {
        const line = failedWithOneLine(await runCli(workspace.databaseUrl, ['admin:user:unlock']));
        assert.match(line, /missing required argument 'username'/);
      } finally {
        workspace.remove();
      }
    });
  });

  describe('environment errors', inOrder, () => {
    it('DATABASE_URL=mysql://x: one line naming DATABASE_URL and a non-zero exit', async () => {
      refused(
        await runCli('mysql://x', ['migrate']),
        'DATABASE_URL must start with sqlite: or postgres://, got "mysql:..."',
      );
      refused(
        await runCli('mysql://x', ['config:show']),
        /^keyway: DATABASE_URL must start with sqlite: or postgres:\/\//,
      );
    });

    it('PORT=abc: the server (npm start) refuses to start with one line naming PORT', async () => {
      const workspace = tempWorkspace();
      try {
        const result = await run([MAIN_JS], {
          env: childEnv({ PORT: 'abc', DATABASE_URL: workspace.databaseUrl }),
        });
        refused(result, 'PORT must be a whole number from 0 to 65535, got "abc"');
        // `keyway serve` reads the same environment and refuses the same way.
        refused(
          await runCli(workspace.databaseUrl, ['serve'], { PORT: '70000' }),
          /^keyway: PORT must be a whole number from 0 to 65535, got "70000"$/,
        );
        assert.equal(existsSync(workspace.file), false, 'a bad environment is refused before the database is opened');
      } finally {
        workspace.remove();
      }
    });

    it('LOG_LEVEL=loud: one line naming LOG_LEVEL', async () => {
      const result = await run([MAIN_JS], {
        env: childEnv({ LOG_LEVEL: 'loud', PORT: '0', DATABASE_URL: 'sqlite::memory:' }),
      });
      refused(result, /^keyway: LOG_LEVEL must be one of .*got "loud"$/);
    });
  });

  describe('keyway config:set and config:show', inOrder, () => {
    const workspace = tempWorkspace();
    after(() => workspace.remove());

    it('config:show lists every setting with its default', async () => {
      const lines = succeeded(await runCli(workspace.databaseUrl, ['config:show']));
      assert.deepEqual(
        lines,
        Object.entries(SETTINGS).map(([path, definition]) => `${path} = ${definition.defaultValue}`),
      );
      assert.ok(lines.includes('oauth/authentication_lock/max_failures_count = 6'));
      assert.ok(lines.includes('oauth/authentication_lock/timeout = 1800'));
    });

    it('config:set stores a value that config:show prints, alone and in the list', async () => {
      assert.deepEqual(
        succeeded(await runCli(workspace.databaseUrl, ['config:set', 'oauth/access_token_lifetime/customer', '1'])),
        ['oauth/access_token_lifetime/customer = 1'],
      );
      assert.deepEqual(
        succeeded(await runCli(workspace.databaseUrl, ['config:show', 'oauth/access_token_lifetime/customer'])),
        ['1'],
      );
      const all = succeeded(await runCli(workspace.databaseUrl, ['config:show']));
      assert.ok(all.includes('oauth/access_token_lifetime/customer = 1'));
      assert.ok(all.includes('oauth/access_token_lifetime/admin = '), 'the other lifetime keeps its default (empty)');
    });

    it('config:set refuses an unknown path, naming it', async () => {
      refused(
        await runCli(workspace.databaseUrl, ['config:set', 'unknown/path', '1']),
        /^keyway: Unknown setting "unknown\/path"/,
      );
    });

    it('config:set refuses a value of the wrong kind, naming the path, and keeps the old value', async () => {
      refused(
        await runCli(workspace.databaseUrl, ['config:set', 'oauth/authentication_lock/max_failures_count', 'abc']),
        'oauth/authentication_lock/max_failures_count must be a whole number from 0 to 999999999, got "abc"',
      );
      assert.deepEqual(
        succeeded(await runCli(workspace.databaseUrl, ['config:show', 'oauth/authentication_lock/max_failures_count'])),
        ['6'],
      );
    });

    it('config:set refuses the JWE algorithms of webapi/jwtauth/jwt_alg with a clear error, and takes HS512', async () => {
      refused(
        await runCli(workspace.databaseUrl, ['config:set', 'webapi/jwtauth/jwt_alg', 'A128KW']),
        'webapi/jwtauth/jwt_alg: A128KW makes encrypted tokens (JWE), which Keyway does not issue or read; use HS256, HS384 or HS512',
      );
      assert.deepEqual(
        succeeded(await runCli(workspace.databaseUrl, ['config:set', 'webapi/jwtauth/jwt_alg', 'HS512'])),
        ['webapi/jwtauth/jwt_alg = HS512'],
      );
      assert.deepEqual(succeeded(await runCli(workspace.databaseUrl, ['config:set', 'webapi/token/format', 'jwt'])), [
        'webapi/token/format = jwt',
      ]);
    });

    it('config:show refuses an unknown path', async () => {
      refused(await runCli(workspace.databaseUrl, ['config:show', 'unknown/path']), 'Unknown setting "unknown/path"');
    });

    it('config:set without a value is refused by the argument parser', async () => {
      assert.match(
        failedWithOneLine(await runCli(workspace.databaseUrl, ['config:set', 'oauth/access_token_lifetime/admin'])),
        /missing required argument 'value'/,
      );
    });
  });

  // One database and one server process for every command whose effect is seen over HTTP.
  describe('account commands against a running server', inOrder, () => {
    const workspace = tempWorkspace();
    let server: ServerProcess;
    const cli = (...args: string[]) => runCli(workspace.databaseUrl, args);
    /** No admin was created: logging in with the password the refused command gave fails. */
    const assertNoAdmin = async (username: string, password = 'abc12345') =>
      assertSignInRefused(await adminLogin(server, username, password));

    before(async () => {
      succeeded(await cli('migrate'));
      server = await startServer({ env: { DATABASE_URL: workspace.databaseUrl, SETTINGS_REFRESH_MS: '200' } });
    });
    after(async () => {
      await server?.stop();
      workspace.remove();
    });

    describe('admin:user:create', inOrder, () => {
      it('creates an admin who then logs in over HTTP and reads an admin route', async () => {
        assert.deepEqual(succeeded(await cli(...adminArgs('webapi_user', { '--admin-password': '123123q' }))), [
          'Created admin user webapi_user (id 1) with role Administrators',
        ]);
        const token = assertToken(await adminLogin(server, 'webapi_user', '123123q'));
        const views = await http(server.url, 'GET', '/rest/V1/store/storeViews', { token });
        assert.equal(views.status, 200, views.text);
        assert.ok(Array.isArray(views.json));
        assertSignInRefused(await adminLogin(server, 'webapi_user', 'wrong-password1'));
      });

      it('refuses a duplicate username, also in another case', async () => {
        const [same, otherCase] = await Promise.all([
          cli(...adminArgs('webapi_user')),
          cli(...adminArgs('WebApi_User')),
        ]);
        refused(same, 'An admin user named "webapi_user" already exists');
        refused(otherCase, 'An admin user named "WebApi_User" already exists');
      });

      it('refuses a missing required option, naming it, and creates nobody', async () => {
        const args = adminArgs('no_email');
        args.splice(args.indexOf('--admin-email'), 2);
        assert.match(failedWithOneLine(await cli(...args)), /--admin-email/);
        await assertNoAdmin('no_email');
      });

      it('refuses an unknown option, naming it', async () => {
        assert.match(
          failedWithOneLine(await cli(...adminArgs('extra'), '--admin-phone', '1')),
          /unknown option '--admin-phone'/,
        );
        await assertNoAdmin('extra');
      });

      it('refuses a weak password and creates nobody', async () => {
        const message = 'The admin password must be at least 7 characters long and include both letters and digits';
        const results = await Promise.all([
          cli(...adminArgs('weak1', { '--admin-password': 'abc' })),
          cli(...adminArgs('weak1', { '--admin-password': 'abcdefghij' })),
          cli(...adminArgs('weak1', { '--admin-password': '12345678' })),
        ]);
        for (const result of results) refused(result, message);
        for (const password of ['abc', 'abcdefghij', '12345678']) await assertNoAdmin('weak1', password);
      });

      it('refuses an invalid email and empty names', async () => {
        const [badEmail, noName] = await Promise.all([
          cli(...adminArgs('bad_email', { '--admin-email': 'not-an-email' })),
          cli(...adminArgs('no_name', { '--admin-firstname': ' ' })),
        ]);
        refused(badEmail, '"not-an-email" is not a valid email address');
        refused(noName, /^keyway: --admin-firstname must not be empty$/);
        await assertNoAdmin('bad_email');
      });

      it('refuses an unknown --role and creates nobody', async () => {
        refused(await cli(...adminArgs('roleless', { '--role': 'Nope' })), 'There is no role named "Nope"');
        await assertNoAdmin('roleless');
      });
    });

    describe('admin:role:create', inOrder, () => {
      it('creates a role; an admin with it reads customers but not store routes', async () => {
        assert.deepEqual(
          succeeded(await cli('admin:role:create', '--name', 'Viewers', '--resources', 'Magento_Customer::customer')),
          ['Created role Viewers (id 2) allowing Magento_Customer::customer'],
        );
        assert.match(
          succeeded(await cli(...adminArgs('viewer', { '--role': 'Viewers' }))).join('\n'),
          /^Created admin user viewer \(id \d+\) with role Viewers$/,
        );
        const created = await http(server.url, 'POST', '/rest/V1/customers', {
          json: {
            customer: { email: 'viewed@example.com', firstname: 'Vi', lastname: 'Ewed' },
            password: 'Secret123!',
          },
        });
        assert.equal(created.status, 200, created.text);
        const id = (created.json as { id: number }).id;

        const token = assertToken(await adminLogin(server, 'viewer', 'abc12345'));
        const customer = await http(server.url, 'GET', `/rest/V1/customers/${id}`, { token });
        assert.equal(customer.status, 200, customer.text);
        assert.equal((customer.json as { email: string }).email, 'viewed@example.com');
        const views = await http(server.url, 'GET', '/rest/V1/store/storeViews', { token });
        assert.equal(views.status, 401, views.text);
        assert.deepEqual(views.json, notAuthorized('Magento_Backend::store'));
      });

      it('refuses an unknown resource id, naming it, and creates no role', async () => {
        refused(
          await cli('admin:role:create', '--name', 'Broken', '--resources', 'Magento_Customer::customer,Bogus::thing'),
          'Unknown ACL resource(s): Bogus::thing',
        );
        refused(await cli(...adminArgs('broken_user', { '--role': 'Broken' })), 'There is no role named "Broken"');
      });

      it('refuses a duplicate role name', async () => {
        refused(
          await cli('admin:role:create', '--name', 'Viewers', '--resources', 'Magento_Backend::store'),
          'A role named "Viewers" already exists',
        );
      });

      it('refuses empty resources and a missing --resources', async () => {
        const [empty, blanks, missing] = await Promise.all([
          cli('admin:role:create', '--name', 'Empty', '--resources', ''),
          cli('admin:role:create', '--name', 'Empty', '--resources', ' , '),
          cli('admin:role:create', '--name', 'Empty'),
        ]);
        refused(empty, '--resources must name at least one ACL resource');
        refused(blanks, '--resources must name at least one ACL resource');
        assert.match(failedWithOneLine(missing), /--resources/);
        refused(await cli(...adminArgs('empty_user', { '--role': 'Empty' })), 'There is no role named "Empty"');
      });
    });

    describe('admin:role:update', inOrder, () => {
      it("narrows a role: the running server judges its admin's next call by the new rules", async () => {
        const token = assertToken(await adminLogin(server, 'viewer', 'abc12345'));
        const first = await http(server.url, 'GET', '/rest/V1/store/storeViews', { token });
        assert.equal(first.status, 401, first.text);
        assert.deepEqual(
          succeeded(await cli('admin:role:update', '--name', 'Viewers', '--resources', 'Magento_Backend::store')),
          ['Role Viewers (id 2) now allows Magento_Backend::store'],
        );
        const views = await http(server.url, 'GET', '/rest/V1/store/storeViews', { token });
        assert.equal(views.status, 200, views.text);
        const customers = await http(server.url, 'GET', '/rest/V1/customers/1', { token });
        assert.deepEqual(customers.json, notAuthorized('Magento_Customer::customer'));
      });

      it('refuses an unknown role and an unknown resource, changing nothing', async () => {
        refused(
          await cli('admin:role:update', '--name', 'Nobody', '--resources', 'Magento_Backend::store'),
          'There is no role named "Nobody"',
        );
        refused(
          await cli('admin:role:update', '--name', 'Viewers', '--resources', 'Bogus::thing'),
          'Unknown ACL resource(s): Bogus::thing',
        );
      });
    });

    describe('admin:user:unlock', inOrder, () => {
      it('clears the lock that 6 failed logins set', async () => {
        assertToken(await adminLogin(server, 'webapi_user', '123123q')); // a success starts the count from zero
        for (let attempt = 1; attempt <= 6; attempt++) {
          assertSignInRefused(await adminLogin(server, 'webapi_user', `wrong${attempt}pass`));
        }
        assertSignInRefused(await adminLogin(server, 'webapi_user', '123123q'));
        assert.deepEqual(succeeded(await cli('admin:user:unlock', 'webapi_user')), ['Unlocked admin user webapi_user']);
        assertToken(await adminLogin(server, 'webapi_user', '123123q'));
      });

      it('refuses an unknown user', async () => {
        refused(await cli('admin:user:unlock', 'nobody'), 'There is no admin user named "nobody"');
      });
    });

    describe('admin:user:disable and admin:user:enable', inOrder, () => {
      it('disable revokes the admin token and refuses logins; enable lets a new login succeed', async () => {
        succeeded(await cli(...adminArgs('ops_user')));
        const token = assertToken(await adminLogin(server, 'ops_user', 'abc12345'));
        assert.equal((await http(server.url, 'GET', '/rest/V1/store/storeViews', { token })).status, 200);

        assert.deepEqual(succeeded(await cli('admin:user:disable', 'ops_user')), ['Disabled admin user ops_user']);
        const revoked = await http(server.url, 'GET', '/rest/V1/store/storeViews', { token });
        assert.equal(revoked.status, 401, revoked.text);
        assert.deepEqual(revoked.json, notAuthorized('Magento_Backend::store'));
        assertSignInRefused(await adminLogin(server, 'ops_user', 'abc12345'));

        assert.deepEqual(succeeded(await cli('admin:user:enable', 'ops_user')), ['Enabled admin user ops_user']);
        const fresh = assertToken(await adminLogin(server, 'ops_user', 'abc12345'));
        assert.equal((await http(server.url, 'GET', '/rest/V1/store/storeViews', { token: fresh })).status, 200);
        assert.equal(
          (await http(server.url, 'GET', '/rest/V1/store/storeViews', { token })).status,
          401,
          'the old token stays revoked',
        );
      });

      it('refuse an unknown user', async () => {
        for (const result of await Promise.all([
          cli('admin:user:disable', 'nobody'),
          cli('admin:user:enable', 'nobody'),
        ])) {
          refused(result, 'There is no admin user named "nobody"');
        }
      });
    });

    describe('customer:disable, customer:enable and customer:unlock', inOrder, () => {
      const createCustomer = async (email: string) => {
        const created = await http(server.url, 'POST', '/rest/V1/customers', {
          json: { customer: { email, firstname: 'Jane', lastname: 'Doe' }, password: 'Secret123!' },
        });
        assert.equal(created.status, 200, created.text);
        return (created.json as { id: number }).id;
      };

      it('disable revokes the customer token and refuses logins; enable lets a login succeed', async () => {
        const id = await createCustomer('jane@example.com');
        const token = assertToken(await customerLogin(server, 'jane@example.com', 'Secret123!'));
        const me = await http(server.url, 'GET', '/rest/V1/customers/me', { token });
        assert.equal(me.status, 200, me.text);
        assert.equal((me.json as { id: number }).id, id);

        assert.deepEqual(succeeded(await cli('customer:disable', 'jane@example.com')), [
          'Disabled customer jane@example.com',
        ]);
        const revoked = await http(server.url, 'GET', '/rest/V1/customers/me', { token });
        assert.equal(revoked.status, 401, revoked.text);
        assert.deepEqual(revoked.json, notAuthorized('self'));
        assertSignInRefused(await customerLogin(server, 'jane@example.com', 'Secret123!'));

        // Emails match without regard to case, as at login.
        assert.deepEqual(succeeded(await cli('customer:enable', 'JANE@Example.com')), [
          'Enabled customer JANE@Example.com',
        ]);
        const fresh = assertToken(await customerLogin(server, 'jane@example.com', 'Secret123!'));
        assert.equal((await http(server.url, 'GET', '/rest/V1/customers/me', { token: fresh })).status, 200);
      });

      it('refuse an unknown email', async () => {
        const commands = ['customer:disable', 'customer:enable', 'customer:unlock'];
        for (const result of await Promise.all(commands.map((command) => cli(command, 'nobody@example.com')))) {
          refused(result, 'There is no customer with the email "nobody@example.com"');
        }
      });

      it('customer:unlock clears the lock that 6 failed logins set', async () => {
        await createCustomer('locked@example.com');
        for (let attempt = 1; attempt <= 6; attempt++) {
          assertSignInRefused(await customerLogin(server, 'locked@example.com', `Wrong${attempt}pass!`));
        }
        assertSignInRefused(await customerLogin(server, 'locked@example.com', 'Secret123!'));
        assert.deepEqual(succeeded(await cli('customer:unlock', 'locked@example.com')), [
          'Unlocked customer locked@example.com',
        ]);
        assertToken(await customerLogin(server, 'locked@example.com', 'Secret123!'));
      });
    });

    describe('config:set on a running server', inOrder, () => {
      it('a lower max_failures_count takes effect within a second (SETTINGS_REFRESH_MS=200)', async () => {
        succeeded(await cli(...adminArgs('probe_user')));
        // With the default of 6, two failures do not lock (and the success resets the count).
        assertSignInRefused(await adminLogin(server, 'probe_user', 'wrong1pass'));
        assertSignInRefused(await adminLogin(server, 'probe_user', 'wrong2pass'));
        assertToken(await adminLogin(server, 'probe_user', 'abc12345'));
        try {
          succeeded(await cli('config:set', 'oauth/authentication_lock/max_failures_count', '2'));
          await sleep(1000);
          assertSignInRefused(await adminLogin(server, 'probe_user', 'wrong1pass'));
          assertSignInRefused(await adminLogin(server, 'probe_user', 'wrong2pass'));
          assertSignInRefused(await adminLogin(server, 'probe_user', 'abc12345'));
          succeeded(await cli('admin:user:unlock', 'probe_user'));
          assertToken(await adminLogin(server, 'probe_user', 'abc12345'));
        } finally {
          succeeded(await cli('config:set', 'oauth/authentication_lock/max_failures_count', '6'));
        }
      });
    });
  });

  describe('starting and stopping the server', inOrder, () => {
    it('npm start from an empty directory creates var/keyway.sqlite there and answers; SIGTERM exits 0', async () => {
      // What `npm start` runs, started from a directory that has no node_modules.
      const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      };
      assert.equal(pkg.scripts.start, 'node dist/main.js');
      const workspace = tempWorkspace();
      let server: ServerProcess | undefined;
      try {
        // No DATABASE_URL: the default database is var/keyway.sqlite under the working directory.
        server = await startServer({ env: {}, cwd: workspace.dir });
        assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
        assert.ok(existsSync(join(workspace.dir, 'var', 'keyway.sqlite')), 'the default database file exists');
        const login = await customerLogin(server, 'nobody@example.com', 'Secret123!');
        assertSignInRefused(login);
        const exit = await server.stop('SIGTERM');
        assert.deepEqual(exit, { code: 0, signal: null });
        assert.ok(
          server.lines.some((line) => line.includes('"msg":"stopping"') && line.includes('"signal":"SIGTERM"')),
          'the server logs that it is stopping',
        );
      } finally {
        await server?.stop('SIGKILL');
        workspace.remove();
      }
    });

    it('keyway serve listens on HOST:PORT from the environment and exits 0 on SIGINT', async () => {
      const workspace = tempWorkspace();
      let server: ServerProcess | undefined;
      try {
        server = await startServer({ env: { DATABASE_URL: workspace.databaseUrl }, args: [CLI_JS, 'serve'] });
        const listening = server.lines
          .map((line) => JSON.parse(line) as Record<string, unknown>)
          .find((entry) => entry.msg === 'Keyway is listening');
        assert.equal(listening?.database, 'sqlite');
        assert.equal((await http(server.url, 'GET', '/rest/V1/store/storeViews')).status, 401);
        assert.deepEqual(await server.stop('SIGINT'), { code: 0, signal: null });
      } finally {
        await server?.stop('SIGKILL');
        workspace.remove();
      }
    });
  });

  // Two people (or two scripts) running the same create command at once. The race is between the command's
  // "already exists?" check and its insert; in separate processes it shows only sometimes, so it is driven here
  // deterministically through the service the command calls.
  describe('the same create command twice at once', inOrder, () => {
    const workspace = tempWorkspace();
    after(() => workspace.remove());

    it('admin:user:create: one succeeds, the other gets the clear duplicate message', async () => {
      const keyway = await createKeyway({ databaseUrl: workspace.databaseUrl, hasher: createFastHasher() });
      try {
        const user = (username: string) => ({
          username,
          password: 'abc12345',
          email: 'twin@example.com',
          firstname: 'T',
          lastname: 'W',
          role: 'Administrators',
        });
        const results = await Promise.allSettled([
          keyway.admins.createUser(user('twin')),
          keyway.admins.createUser(user('TWIN')),
        ]);
        assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1, 'exactly one is created');
        const refusal = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
        assert.ok(refusal.reason instanceof AccountError, `expected an AccountError, got ${String(refusal.reason)}`);
        assert.match(refusal.reason.message, /^An admin user named "(twin|TWIN)" already exists$/);
      } finally {
        await keyway.close();
      }
    });

    it('admin:role:create: one succeeds, the other gets the clear duplicate message', async () => {
      const keyway = await createKeyway({ databaseUrl: workspace.databaseUrl, hasher: createFastHasher() });
      try {
        const results = await Promise.allSettled([
          keyway.admins.createRole('Twins', ['Magento_Customer::customer']),
          keyway.admins.createRole('Twins', ['Magento_Customer::customer']),
        ]);
        assert.equal(results.filter((result) => result.status === 'fulfilled').length, 1, 'exactly one is created');
        const refusal = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
        assert.ok(refusal.reason instanceof AccountError, `expected an AccountError, got ${String(refusal.reason)}`);
        assert.equal(refusal.reason.message, 'A role named "Twins" already exists');
      } finally {
        await keyway.close();
      }
    });
  });
});
