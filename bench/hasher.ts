// The ceiling for token issuance: how many argon2id verifies per second this machine does at the same
// concurrency as the login load, with Keyway's own hasher and cost parameters.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createArgon2idHasher } from '../src/auth/password-hasher.ts';

const LOOP_RESOLUTION_MS = 1;

export interface HasherRate {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /**
   * Event-loop delay while verifying (p99 and longest). Hashing runs on the thread pool, so any delay here is
   * the loop waiting for a core while the hashing threads hold both.
   */
  loopDelayP99Ms: number;
  maxLoopDelayMs: number;
}

export async function measureHasher(concurrency: number, durationS: number): Promise<HasherRate> {
  const hasher = createArgon2idHasher();
  const stored = await hasher.hash('Bench-pass-123');
  // Warm the thread pool and the library before timing.
  await Promise.all(Array.from({ length: concurrency }, () => hasher.verify('Bench-pass-123', stored)));

  const latencies: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const start = performance.now();
  const end = start + durationS * 1000;
  const worker = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const check = await hasher.verify('Bench-pass-123', stored);
      if (!check.ok) throw new Error('the bench password did not verify');
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsedS = (performance.now() - start) / 1000;
  loop.disable();
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / elapsedS,
    p50_ms: latencies[Math.floor(latencies.length * 0.5)]!,
    p99_ms: latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]!,
    // The histogram holds the time between timer ticks; the lateness is what exceeds the tick.
    loopDelayP99Ms: loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS,
    maxLoopDelayMs: loop.max / 1e6 - LOOP_RESOLUTION_MS,
  };
}
