import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AuthEvents } from '../auth/auth-events.ts';
import { UserType } from '../auth/principal.ts';

/** Keyway's Prometheus metrics: one registry per app, so several apps in one process never share counters. */
export interface HttpMetrics {
  readonly registry: Registry;
  /** Counts sign-in and token events into the counters below. */
  readonly auth: AuthEvents;
  /** One answered request: `route` is a route pattern or `unmatched`, never a raw path, so labels stay few. */
  observeRequest(route: string, method: string, status: number, seconds: number): void;
}

const USER_TYPES = { [UserType.ADMIN]: 'admin', [UserType.CUSTOMER]: 'customer' } as const;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Builds the registry; `processMetrics` adds Node's process and event-loop metrics (a server wants them, tests do not). */
export function createHttpMetrics(options: { processMetrics?: boolean } = {}): HttpMetrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry });
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
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const seriesByKey = new Map<string, { requests: { inc(): void }; latency: { observe(value: number): void } }>();
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
      // Label sets are few (route patterns × methods × statuses), so each one's series is looked up once.
      const key = `${method} ${route} ${status}`;
      let series = seriesByKey.get(key);
      if (!series) {
        series = { requests: requests.labels(route, method, String(status)), latency: latency.labels(route, method) };
        seriesByKey.set(key, series);
      }
      series.requests.inc();
      series.latency.observe(seconds);
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
