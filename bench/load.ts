import autocannon, { type Client } from 'autocannon';

export interface LoadSpec {
  url: string;
  method?: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  durationS: number;
  /** Per-connection headers and body, e.g. one customer per connection so no account sees two logins at once. */
  setupClient?: (client: Client) => void;
}

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  ok: number;
  failed: number;
  /** Every 2xx latency, sorted, and the time they were taken over: for merging interleaved rounds. */
  latencies: Float64Array;
  durationS: number;
  /** Server CPU time per 2xx response, in µs, when the caller measured it. */
  serverCpuUs?: number;
}

/**
 * Runs autocannon for a fixed time and measures from its per-response event. autocannon's own histogram keeps
 * whole milliseconds, too coarse for sub-millisecond calls; the event carries the exact time.
 */
export function load(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let failed = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url + spec.path,
        method: spec.method ?? 'GET',
        headers: spec.headers,
        body: spec.body,
        connections: spec.connections,
        duration: spec.durationS,
        timeout: 10,
        setupClient: spec.setupClient,
      },
      (error, result) => {
        if (error) return reject(error);
        failed += result.errors;
        resolve(summarise(Float64Array.from(latencies), result.duration, failed));
      },
    );
    instance.on('response', (_client, status, _bytes, responseTime) => {
      if (status >= 200 && status < 300) latencies.push(responseTime);
      else failed++;
    });
  });
}

/** One result from several rounds of the same load, as if they had been one run. */
export function combine(results: readonly LoadResult[]): LoadResult {
  const all = new Float64Array(results.reduce((n, r) => n + r.latencies.length, 0));
  let at = 0;
  for (const r of results) {
    all.set(r.latencies, at);
    at += r.latencies.length;
  }
  const failed = results.reduce((n, r) => n + r.failed, 0);
  return summarise(
    all,
    results.reduce((n, r) => n + r.durationS, 0),
    failed,
  );
}

/** The result of latencies taken over `durationS` seconds. */
export function summarise(latencies: Float64Array, durationS: number, failed: number): LoadResult {
  const sorted = latencies.sort();
  return {
    rps: sorted.length / durationS,
    p50_ms: percentile(sorted, 0.5),
    p99_ms: percentile(sorted, 0.99),
    ok: sorted.length,
    failed,
    latencies: sorted,
    durationS,
  };
}

function percentile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * A short untimed run first, so JIT and caches are warm in every scenario alike. With `cpuMs` (the server's
 * CPU clock), the result also tells the server's own CPU time per request.
 */
export async function warmThenLoad(spec: LoadSpec, warmupS: number, cpuMs?: () => number): Promise<LoadResult> {
  if (warmupS > 0) await load({ ...spec, durationS: warmupS });
  const before = cpuMs?.();
  const result = await load(spec);
  if (cpuMs) result.serverCpuUs = ((cpuMs() - before!) * 1000) / Math.max(1, result.ok);
  return result;
}
