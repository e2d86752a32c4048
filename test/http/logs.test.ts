// backends: sqlite, postgres
// The JSON log: one object a line, a request id on every request line, and no secret anywhere in it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/http/logger.ts';
import { failingRoute } from '../helpers/failing-route.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

/** A parsed log line, read field by field the way the assertions walk it. */
type LogLine = { [key: string]: LogLine } & { level: number; msg: string; reportId: string } & Record<string, string>;

const PASSWORD = 'Original-Secret-88';
const NEW_PASSWORD = 'Changed-Secret-42';
const WRONG_PASSWORD = 'Wrong-Secret-17';
const HIDDEN = 'hidden-value-on-the-error-9c1f';

describe('logs', () => {
  const log = captureLog('info');
  // A service that fails the way a library does: with credentials hanging on the error.
  const route = failingRoute('GET', '/V1/acme/explode', 'Acme\\Shop\\Api\\ExplodeInterface::explode', () =>
    Object.assign(new Error('upstream refused the request'), {
      password: HIDDEN,
      config: { headers: { Authorization: `Bearer ${HIDDEN}` } },
    }),
  );
  let s: TestServer;
  let token: string;
  let queryToken: string;
  const requestIds: string[] = [];
  before(async () => {
    const { logger } = log;
    s = await createTestServer({
      http: { logger },
      keyway: { logger, configDirs: [route.dir], extraServices: route.services },
    });
    await s.seedCustomer({ password: PASSWORD });
    const remember = (response: { headers: Record<string, unknown> }) =>
      requestIds.push(String(response.headers['x-request-id']));

    token = await s.customerToken(CUSTOMER.email, PASSWORD);
    const query = `?username=${encodeURIComponent(CUSTOMER.email)}&password=${encodeURIComponent(PASSWORD)}`;
    const fromQuery = await s.call('POST', `/rest/V1/integration/customer/token${query}`, { json: {} });
    assert.equal(fromQuery.status, 200, fromQuery.text);
    queryToken = fromQuery.json as string;
    remember(fromQuery);
    remember(await s.call('GET', '/rest/V1/customers/me', { token }));
    const failed = await s.call('POST', '/rest/V1/integration/customer/token', {
      json: { username: CUSTOMER.email, password: WRONG_PASSWORD },
    });
    assert.equal(failed.status, 401);
    remember(failed);
    const changed = await s.call('PUT', '/rest/V1/customers/me/password', {
      token,
      json: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
    });
    assert.equal(changed.status, 200, changed.text);
    remember(changed);
    const broken = await s.call('GET', '/rest/V1/acme/explode', { token });
    assert.equal(broken.status, 500);
    remember(broken);
  });
  after(async () => {
    await s.close();
    route.remove();
  });

  it('writes one JSON object a line', () => {
    assert.ok(log.lines().length >= 12);
    for (const line of log.lines()) assert.doesNotThrow(() => JSON.parse(line), line);
  });

  it('puts a request id on every request line, the one the X-Request-Id header answers with', () => {
    const entries = log.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    const requestLines = entries.filter((entry) => 'req' in entry || 'res' in entry || entry.msg === 'internal error');
    assert.ok(requestLines.length >= 12);
    for (const entry of requestLines) assert.match(String(entry.reqId), /^[0-9a-f-]{36}$/, JSON.stringify(entry));
    const logged = new Set(requestLines.map((entry) => entry.reqId));
    for (const id of requestIds) assert.ok(logged.has(id), `request ${id} is in the log`);
    assert.equal(new Set(requestIds).size, requestIds.length, 'ids are unique');
  });

  it('logs the internal error with its report id and without what hung on it', () => {
    const entry = log
      .lines()
      .map((line) => JSON.parse(line) as LogLine)
      .find((candidate) => candidate.msg === 'internal error');
    assert.ok(entry);
    assert.equal(entry.level, 50);
    assert.equal(entry.err.message, 'upstream refused the request');
    assert.match(entry.reportId, /^[0-9a-f]{13}$/);
    assert.equal(entry.err.password, undefined);
    assert.equal(entry.err.config, undefined);
  });

  it('never contains a token, a password or an Authorization value', () => {
    const all = log.text();
    for (const secret of [
      token,
      queryToken,
      PASSWORD,
      WRONG_PASSWORD,
      NEW_PASSWORD,
      HIDDEN,
      `Bearer ${token}`,
      'password=',
    ]) {
      assert.ok(!all.includes(secret), `the log contains ${secret}`);
    }
    assert.ok(!/authorization/i.test(all.replace(/"path":"[^"]*"/g, '')), 'no Authorization header is logged');
  });

  it('censors fields named like secrets in Keyway log calls', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => void lines.push(line) });
    logger.info(
      { password: 'a1', user: { token: 'b2', profile: { newPassword: 'c3' } }, authorization: 'Bearer d4' },
      'check',
    );
    const entry = JSON.parse(lines[0]!) as LogLine;
    assert.equal(entry.password, '[redacted]');
    assert.equal(entry.user.token, '[redacted]');
    assert.equal(entry.user.profile.newPassword, '[redacted]');
    assert.equal(entry.authorization, '[redacted]');
  });
});
