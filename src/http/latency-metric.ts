import type { Metric } from 'prom-client';
import { LATENCY_BUCKETS, type LatencySeries, type RequestSeries } from './request-series.ts';

const NAME = 'keyway_http_request_duration_seconds';
const HELP = 'Time from the request arriving to its answer being sent, by route pattern and method';

/** One sample as prom-client's registry prints it: `labels` first, then the series' own (`sharedLabels`). */
interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  sharedLabels: LatencySeries['labels'];
  value: number;
}

/** The samples prom-client's Histogram gives for one series: cumulative buckets, +Inf, sum and count. */
function samples(series: LatencySeries): Sample[] {
  const out: Sample[] = [];
  let cumulative = 0;
  LATENCY_BUCKETS.forEach((le, i) => {
    cumulative += series.buckets[i]!;
    out.push({ metricName: `${NAME}_bucket`, labels: { le }, sharedLabels: series.labels, value: cumulative });
  });
  out.push(
    { metricName: `${NAME}_bucket`, labels: { le: '+Inf' }, sharedLabels: series.labels, value: series.count },
    { metricName: `${NAME}_sum`, labels: {}, sharedLabels: series.labels, value: series.sum },
    { metricName: `${NAME}_count`, labels: {}, sharedLabels: series.labels, value: series.count },
  );
  return out;
}

/**
 * The request latency histogram as a registry entry read from `series` at scrape time. prom-client's own
 * Histogram can only be fed one observation at a time (its label hashing and bucket search on every request);
 * this answers the registry in the Histogram's own shape, so `/metrics` prints the same lines.
 */
export function latencyMetric(series: RequestSeries): Metric {
  const metric = {
    name: NAME,
    help: HELP,
    type: 'histogram',
    aggregator: 'sum',
    async getForPromString() {
      return {
        name: NAME,
        help: HELP,
        type: 'histogram',
        aggregator: 'sum',
        values: series.latencies.flatMap(samples),
      };
    },
    // The JSON form (`getMetricsAsJSON`) has each sample's labels merged, as the Histogram's `get` does.
    async get() {
      const values = series.latencies
        .flatMap(samples)
        .map(({ sharedLabels, labels, ...sample }) => ({ ...sample, labels: { ...labels, ...sharedLabels } }));
      return { name: NAME, help: HELP, type: 'histogram', aggregator: 'sum', values };
    },
    // The registry's resetMetrics() calls this on every metric; the counts are the app's for its whole life.
    reset() {},
  };
  // The registry reads only the members above; the Metric union names whole prom-client classes.
  return metric as unknown as Metric;
}
