// The per-request part of the metrics: plain numbers, no prom-client label work. prom-client builds its
// output from these only when /metrics is scraped.

/** prom-client's default buckets, which `keyway_http_request_duration_seconds` has always had. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The answers of one route, method and status. */
export interface StatusSeries {
  readonly labels: { route: string; method: string; status: string };
  count: number;
}

/** The latency of one route and method: counts per bucket (not cumulative), their sum and count. */
export interface LatencySeries {
  readonly labels: { route: string; method: string };
  readonly buckets: number[];
  sum: number;
  count: number;
}

interface RouteMethod {
  latency: LatencySeries;
  byStatus: Map<number, StatusSeries>;
}

/**
 * Requests counted by route, method and status, and their latency by route and method. Each list keeps the
 * order its series were first seen in, which is the order prom-client printed them in when it counted itself.
 */
export class RequestSeries {
  readonly statuses: StatusSeries[] = [];
  readonly latencies: LatencySeries[] = [];
  // route → method: two map lookups per request and no key string built.
  private readonly byRoute = new Map<string, Map<string, RouteMethod>>();

  observe(route: string, method: string, status: number, seconds: number): void {
    let methods = this.byRoute.get(route);
    if (methods === undefined) {
      methods = new Map();
      this.byRoute.set(route, methods);
    }
    let entry = methods.get(method);
    if (entry === undefined) {
      const latency = { labels: { route, method }, buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 };
      entry = { latency, byStatus: new Map() };
      methods.set(method, entry);
      this.latencies.push(latency);
    }
    let answers = entry.byStatus.get(status);
    if (answers === undefined) {
      answers = { labels: { route, method, status: String(status) }, count: 0 };
      entry.byStatus.set(status, answers);
      this.statuses.push(answers);
    }
    answers.count++;
    const latency = entry.latency;
    // The first bucket the value fits in, as prom-client counts; above the last it is only in +Inf (count).
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) {
      if (seconds <= LATENCY_BUCKETS[i]!) {
        latency.buckets[i]!++;
        break;
      }
    }
    latency.sum += seconds;
    latency.count++;
  }
}
