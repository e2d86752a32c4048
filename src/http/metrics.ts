import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuthEvents } from '../auth/auth-events.ts';
import { UserType } from '../auth/principal.ts';
import { latencyMetric } from './latency-metric.ts';
import { RequestSeries } from './request-series.ts';

/** Keyway's Prometheus metrics: one registry per app, so several apps in one process never share counters. */
export interface HttpMetrics {
  readonly registry: Registry;
  /** Counts sign-in and token events into the counters below. */
  readonly auth: AuthEvents;
  /** One answered request: `route` is a route pattern or `unmatched`, never a raw path, so labels stay few. */
  observeRequest(route: string, method: string, status: number, seconds: number): void;
}

const USER_TYPES = { [UserType.ADMIN]: 'admin', [UserType.CUSTOMER]: 'customer' } as const;

/** Builds the registry; `processMetrics` adds Node's process and event-loop metrics (a server wants them, tests do not). */
export function createHttpMetrics(options: { processMetrics?: boolean } = {}): HttpMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
  const series = new RequestSeries();
  new Counter({
    name: 'keyway_http_requests_total',
    help: 'Requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'],
    registers: [registry],
    // Counted in `series` on the request path; copied in here only when scraped.
    collect() {
      this.reset();
      for (const answers of series.statuses) this.inc(answers.labels, answers.count);
    },
  });
  registry.registerMetric(latencyMetric(series));
  const byUserType = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['user_type'], registers: [registry] });
  const issued = byUserType('keyway_tokens_issued_total', 'Access tokens issued, by user type');
  const failures = byUserType(
    'keyway_login_failures_total',
    'Token requests refused for their credentials, by user type',
  );
  const lockouts = byUserType('keyway_account_lockouts_total', 'Accounts locked by failed sign-ins, by user type');
  const revoked = new Counter({
    name: 'keyway_tokens_revoked_total',
    help: 'Access tokens revoked',
    registers: [registry],
  });
  // Every user type is listed from the start, so a dashboard sees 0 rather than no series at all.
  for (const counter of [issued, failures, lockouts]) {
    for (const userType of Object.values(USER_TYPES)) counter.inc({ user_type: userType }, 0);
  }
  return {
    registry,
    auth: {
      onTokenIssued: (userType) => issued.inc({ user_type: USER_TYPES[userType] }),
      onTokensRevoked: (count) => revoked.inc(count),
      onLoginFailed: (userType) => failures.inc({ user_type: USER_TYPES[userType] }),
      onLockout: (userType) => lockouts.inc({ user_type: USER_TYPES[userType] }),
    },
    observeRequest(route, method, status, seconds) {
      series.observe(route, method, status, seconds);
    },
  };
}

/** `METRICS=0` (or `false`) turns `/metrics` off; unset or `1` leaves it on. Anything else is refused at start. */
export function metricsEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.METRICS ?? '';
  if (value === '' || value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw new Error(`METRICS must be 0 or 1, got "${value}"`);
}
