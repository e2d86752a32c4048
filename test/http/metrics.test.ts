// backends: sqlite, postgres
// GET /metrics (not in Magento): Prometheus text, one registry per app, labels by route pattern only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app.ts';
import { AuthEventHub } from '../../src/auth/auth-events.ts';
import { UserType } from '../../src/auth/principal.ts';
import { metricsEnabled } from '../../src/http/metrics.ts';
import type { Keyway } from '../../src/keyway.ts';
import { routeNotFound } from '../helpers/magento-bodies.ts';
import { ADMIN, CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

async function scrape(s: { call: TestServer['call'] }): Promise<string> {
  const response = await s.call('GET', '/metrics');
  assert.equal(response.status, 200);
  assert.match(String(response.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  return response.text;
}

/** The value of one sample line, e.g. `keyway_tokens_issued_total{user_type="customer"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let s: TestServer;
  let customerId: number;
  before(async () => {
    s = await createTestServer();
    customerId = await s.seedCustomer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
  });
  after(() => s.close());

  it('counts requests by route pattern, method and status, with latency, tokens and failed sign-ins', async () => {
    const token = await s.customerToken();
    await s.adminToken();
    await s.adminToken();
    assert.equal(
      (
        await s.call('POST', '/rest/V1/integration/customer/token', {
          json: { username: CUSTOMER.email, password: 'wrong' },
        })
      ).status,
      401,
    );
    assert.equal(
      (await s.call('POST', '/rest/V1/integration/customer/token', { json: { username: '', password: '' } })).status,
      400,
    );
    assert.equal((await s.call('GET', '/rest/V1/customers/me', { token })).status, 200);
    assert.equal((await s.call('GET', `/rest/default/V1/customers/${customerId}`)).status, 401);
    assert.equal((await s.call('GET', '/rest/V1/nothing/here')).status, 404);
    assert.equal((await s.call('GET', '/rest/default/schema?services=all')).status, 200);

    const text = await scrape(s);
    // Every request series and every latency count, exactly and in the order first seen: the text is built
    // at scrape time from plain counts and must read as prom-client printed it counting each request.
    const lines = (prefix: string) => text.split('\n').filter((line) => line.startsWith(prefix));
    const series = (route: string, method: string, status?: number) =>
      `{route="${route}",method="${method}"${status === undefined ? '' : `,status="${status}"`}}`;
    const customerToken = '/V1/integration/customer/token';
    assert.deepEqual(lines('keyway_http_requests_total'), [
      `keyway_http_requests_total${series(customerToken, 'POST', 200)} 1`,
      `keyway_http_requests_total${series('/V1/integration/admin/token', 'POST', 200)} 2`,
      `keyway_http_requests_total${series(customerToken, 'POST', 401)} 1`,
      `keyway_http_requests_total${series(customerToken, 'POST', 400)} 1`,
      `keyway_http_requests_total${series('/V1/customers/me', 'GET', 200)} 1`,
      `keyway_http_requests_total${series('/V1/customers/:customerId', 'GET', 401)} 1`,
      `keyway_http_requests_total${series('unmatched', 'GET', 404)} 1`,
      `keyway_http_requests_total${series('/schema', 'GET', 200)} 1`,
    ]);
    assert.deepEqual(lines('keyway_http_request_duration_seconds_count'), [
      `keyway_http_request_duration_seconds_count${series(customerToken, 'POST')} 3`,
      `keyway_http_request_duration_seconds_count${series('/V1/integration/admin/token', 'POST')} 2`,
      `keyway_http_request_duration_seconds_count${series('/V1/customers/me', 'GET')} 1`,
      `keyway_http_request_duration_seconds_count${series('/V1/customers/:customerId', 'GET')} 1`,
      `keyway_http_request_duration_seconds_count${series('unmatched', 'GET')} 1`,
      `keyway_http_request_duration_seconds_count${series('/schema', 'GET')} 1`,
    ]);
    // Twelve bucket lines (le ascending, then +Inf) for each route and method.
    assert.equal(lines('keyway_http_request_duration_seconds_bucket').length, 6 * 12);
    const requests = (route: string, method: string, status: number) =>
      sample(text, `keyway_http_requests_total{route="${route}",method="${method}",status="${status}"}`);
    assert.equal(requests('/V1/integration/customer/token', 'POST', 200), 1);
    assert.equal(requests('/V1/integration/customer/token', 'POST', 401), 1);
    assert.equal(requests('/V1/integration/customer/token', 'POST', 400), 1);
    assert.equal(requests('/V1/integration/admin/token', 'POST', 200), 2);
    assert.equal(requests('/V1/customers/me', 'GET', 200), 1);
    assert.equal(requests('/V1/customers/:customerId', 'GET', 401), 1);
    assert.equal(requests('unmatched', 'GET', 404), 1);
    assert.equal(requests('/schema', 'GET', 200), 1);
    assert.equal(sample(text, 'keyway_http_request_duration_seconds_count{route="/V1/customers/me",method="GET"}'), 1);
    assert.equal(
      sample(text, 'keyway_http_request_duration_seconds_bucket{le="+Inf",route="/V1/customers/me",method="GET"}'),
      1,
    );
    assert.equal(sample(text, 'keyway_tokens_issued_total{user_type="customer"}'), 1);
    assert.equal(sample(text, 'keyway_tokens_issued_total{user_type="admin"}'), 2);
    assert.equal(sample(text, 'keyway_login_failures_total{user_type="customer"}'), 1);
    assert.equal(sample(text, 'keyway_login_failures_total{user_type="admin"}'), 0);
    assert.equal(sample(text, 'keyway_account_lockouts_total{user_type="customer"}'), 0);
    assert.equal(sample(text, 'keyway_tokens_revoked_total'), 0);
    // Raw paths would make one series per customer id; only patterns may appear.
    assert.ok(!text.includes(`/V1/customers/${customerId}"`));
    assert.ok(!text.includes('/V1/nothing/here'));
  });

  it('keeps each app to its own registry', async () => {
    const other = await createTestServer();
    try {
      const text = await scrape(other);
      assert.equal(sample(text, 'keyway_tokens_issued_total{user_type="customer"}'), 0);
      assert.equal(
        sample(text, 'keyway_http_requests_total{route="/V1/integration/customer/token",method="POST",status="200"}'),
        undefined,
      );
      assert.equal(sample(await scrape(s), 'keyway_tokens_issued_total{user_type="customer"}'), 1);
    } finally {
      await other.close();
    }
  });

  it('counts lockouts and revocations from the domain event hub, and only those from it', async () => {
    const hub = new AuthEventHub();
    const app = createApp({ ...s.keyway, authEvents: hub } as Keyway);
    try {
      hub.onLockout(UserType.CUSTOMER);
      hub.onLockout(UserType.ADMIN);
      hub.onTokensRevoked(3);
      hub.onTokenIssued(UserType.CUSTOMER); // counted at the HTTP edge, so not twice
      const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      assert.equal(sample(text, 'keyway_account_lockouts_total{user_type="customer"}'), 1);
      assert.equal(sample(text, 'keyway_account_lockouts_total{user_type="admin"}'), 1);
      assert.equal(sample(text, 'keyway_tokens_revoked_total'), 3);
      assert.equal(sample(text, 'keyway_tokens_issued_total{user_type="customer"}'), 0);
    } finally {
      await app.close();
    }
  });
});

describe('/metrics from real sign-ins and revocations', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
  });
  after(() => s.close());

  it('a sixth failure counts one lockout; revocations count every token they end', async () => {
    for (let i = 0; i < 6; i++)
      await s.call('POST', '/rest/V1/integration/customer/token', {
        json: { username: CUSTOMER.email, password: 'wrong' },
      });
    await s.call('POST', '/rest/V1/integration/customer/token', {
      json: { username: CUSTOMER.email, password: 'wrong' },
    });
    let text = await scrape(s);
    assert.equal(
      sample(text, 'keyway_account_lockouts_total{user_type="customer"}'),
      1,
      'the refusals after the lock are not lockouts',
    );
    assert.equal(sample(text, 'keyway_login_failures_total{user_type="customer"}'), 7);
    await s.keyway.admins.unlockCustomer(CUSTOMER.email, [1]);
    const first = await s.customerToken();
    await s.customerToken();
    await s.call('POST', '/rest/V1/integration/customer/revoke-customer-token', { token: first });
    text = await scrape(s);
    assert.equal(sample(text, 'keyway_tokens_revoked_total'), 2);
  });
});

describe('turning /metrics off', () => {
  it('metrics: false answers /metrics with the API 404', async () => {
    const s = await createTestServer({ http: { metrics: false } });
    try {
      const response = await s.call('GET', '/metrics');
      assert.equal(response.status, 404);
      assert.deepEqual(response.json, routeNotFound);
    } finally {
      await s.close();
    }
  });

  it('METRICS=0 or false turns it off, unset or 1 leaves it on, anything else stops start-up', () => {
    assert.equal(metricsEnabled({}), true);
    assert.equal(metricsEnabled({ METRICS: '1' }), true);
    assert.equal(metricsEnabled({ METRICS: '0' }), false);
    assert.equal(metricsEnabled({ METRICS: 'false' }), false);
    assert.throws(() => metricsEnabled({ METRICS: 'off' }), /METRICS must be 0 or 1, got "off"/);
  });
});
