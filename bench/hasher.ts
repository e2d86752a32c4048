// The ceiling for token issuance: how many argon2id verifies per second this machine does at the same
// concurrency as the login load, with Keyway's own hasher and cost parameters.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createArgon2idHasher } from '../src/auth/password-hasher.ts';

export interface HasherRate {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** Longest event-loop stall while verifying: hashing belongs on the thread pool, not the loop. */
  maxLoopDelayMs: number;
}

export async function measureHasher(concurrency: number, durationS: number): Promise<HasherRate> {
  const hasher = createArgon2idHasher();
  const stored = await hasher.hash('Bench-pass-123');
  // Warm the thread pool and the library before timing.
  await Promise.all(Array.from({ length: concurrency }, () => hasher.verify('Bench-pass-123', stored)));

  const latencies: number[] = [];
  const loop = monitorEventLoopDelay({ resolution: 5 });
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
    maxLoopDelayMs: loop.max / 1e6,
  };
}
