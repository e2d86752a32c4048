// The /metrics text is built at scrape time from plain counts; it must print exactly what prom-client printed
// when it counted every request itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Counter, Histogram, Registry } from 'prom-client';
import { UserType } from '../../src/auth/principal.ts';
import { createHttpMetrics } from '../../src/http/metrics.ts';

/** The metrics as they were counted before: prom-client's Counter and Histogram, one label lookup per request. */
function promClientCounting() {
  const registry = new Registry();
  const requests = new Counter({
    name: 'keyway_http_requests_total',
    help: 'Requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'keyway_http_request_duration_seconds',
    help: 'Time from the request arriving to its answer being sent, by route pattern and method',
    labelNames: ['route', 'method'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const byUserType = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['user_type'], registers: [registry] });
  const issued = byUserType('keyway_tokens_issued_total', 'Access tokens issued, by user type');
  byUserType('keyway_login_failures_total', 'Token requests refused for their credentials, by user type');
  byUserType('keyway_account_lockouts_total', 'Accounts locked by failed sign-ins, by user type');
  new Counter({ name: 'keyway_tokens_revoked_total', help: 'Access tokens revoked', registers: [registry] });
  for (const name of ['keyway_tokens_issued_total', 'keyway_login_failures_total', 'keyway_account_lockouts_total']) {
    const counter = registry.getSingleMetric(name) as Counter<'user_type'>;
    for (const userType of ['admin', 'customer']) counter.inc({ user_type: userType }, 0);
  }
  return {
    registry,
    issued,
    observe(route: string, method: string, status: number, seconds: number) {
      requests.labels(route, method, String(status)).inc();
      latency.labels(route, method).observe(seconds);
    },
  };
}

// Interleaved routes, methods and statuses; values on a bucket's bound, between bounds, 0 and above the last.
const OBSERVED: [string, string, number, number][] = [
  ['/V1/customers/me', 'GET', 200, 0.0012],
  ['/V1/integration/customer/token', 'POST', 401, 0.07],
  ['/V1/customers/me', 'GET', 401, 0.005],
  ['unmatched', 'GET', 404, 0],
  ['/V1/customers/me', 'PUT', 200, 0.3],
  ['/V1/integration/customer/token', 'POST', 200, 0.0651],
  ['/V1/customers/me', 'GET', 200, 12],
  ['/V1/customers/:customerId', 'GET', 200, 2.5],
  ['/schema', 'GET', 200, 0.0101],
  ['/V1/customers/me', 'GET', 200, 0.0049999],
];

describe('/metrics text', () => {
  it('is the text prom-client printed when it counted each request itself', async () => {
    const metrics = createHttpMetrics();
    const reference = promClientCounting();
    for (const [route, method, status, seconds] of OBSERVED) {
      metrics.observeRequest(route, method, status, seconds);
      reference.observe(route, method, status, seconds);
    }
    metrics.auth.onTokenIssued(UserType.CUSTOMER);
    reference.issued.inc({ user_type: 'customer' });
    const text = await metrics.registry.metrics();
    assert.equal(text, await reference.registry.metrics());
    // A second scrape counts nothing twice.
    assert.equal(await metrics.registry.metrics(), text);
  });

  it('prints the exact lines for a known set of requests', async () => {
    const metrics = createHttpMetrics();
    metrics.observeRequest('/V1/customers/me', 'GET', 200, 0.002);
    metrics.observeRequest('unmatched', 'GET', 404, 0.02);
    metrics.observeRequest('/V1/customers/me', 'GET', 401, 7);
    const text = await metrics.registry.metrics();
    const head = text.slice(0, text.indexOf('\n\n# HELP keyway_tokens_issued_total'));
    const me = (le: string, value: number) =>
      `keyway_http_request_duration_seconds_bucket{le="${le}",route="/V1/customers/me",method="GET"} ${value}`;
    const unmatched = (le: string, value: number) =>
      `keyway_http_request_duration_seconds_bucket{le="${le}",route="unmatched",method="GET"} ${value}`;
    const les = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'];
    assert.deepEqual(head.split('\n'), [
      '# HELP keyway_http_requests_total Requests answered, by route pattern, method and status',
      '# TYPE keyway_http_requests_total counter',
      'keyway_http_requests_total{route="/V1/customers/me",method="GET",status="200"} 1',
      'keyway_http_requests_total{route="unmatched",method="GET",status="404"} 1',
      'keyway_http_requests_total{route="/V1/customers/me",method="GET",status="401"} 1',
      '',
      '# HELP keyway_http_request_duration_seconds Time from the request arriving to its answer being sent, by route pattern and method',
      '# TYPE keyway_http_request_duration_seconds histogram',
      ...les.map((le, i) => me(le, i < 10 ? 1 : 2)),
      'keyway_http_request_duration_seconds_sum{route="/V1/customers/me",method="GET"} 7.002',
      'keyway_http_request_duration_seconds_count{route="/V1/customers/me",method="GET"} 2',
      ...les.map((le, i) => unmatched(le, i < 2 ? 0 : 1)),
      'keyway_http_request_duration_seconds_sum{route="unmatched",method="GET"} 0.02',
      'keyway_http_request_duration_seconds_count{route="unmatched",method="GET"} 1',
    ]);
  });
});
