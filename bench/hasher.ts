// The ceiling for token issuance: how many argon2id verifies per second this machine does at the same
// concurrency as the login load, with Keyway's own hasher and cost parameters.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createArgon2idHasher } from '../src/auth/password-hasher.ts';
import { summarise, type LoadResult } from './load.ts';
import { PASSWORD } from './seed.ts';

const LOOP_RESOLUTION_MS = 1;

export type HasherRate = LoadResult & {
  /**
   * Event-loop delay while verifying (p99 and longest). Hashing runs on the thread pool, so any delay here is
   * the loop waiting for a core while the hashing threads hold both.
   */
  loopDelayP99Ms: number;
  maxLoopDelayMs: number;
};

/** A hasher warmed once, then measured for as many rounds as the caller alternates with other loads. */
export async function startHasher(concurrency: number): Promise<(durationS: number) => Promise<HasherRate>> {
  const hasher = createArgon2idHasher();
  const stored = await hasher.hash(PASSWORD);
  // Warm the thread pool and the library before timing.
  await Promise.all(Array.from({ length: concurrency }, () => hasher.verify(PASSWORD, stored)));

  return async (durationS) => {
    const latencies: number[] = [];
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    loop.enable();
    const start = performance.now();
    const end = start + durationS * 1000;
    const worker = async () => {
      while (performance.now() < end) {
        const t = performance.now();
        const check = await hasher.verify(PASSWORD, stored);
        if (!check.ok) throw new Error('the bench password did not verify');
        latencies.push(performance.now() - t);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const elapsedS = (performance.now() - start) / 1000;
    loop.disable();
    return {
      ...summarise(Float64Array.from(latencies), elapsedS, 0),
      // The histogram holds the time between timer ticks; the lateness is what exceeds the tick.
      loopDelayP99Ms: loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS,
      maxLoopDelayMs: loop.max / 1e6 - LOOP_RESOLUTION_MS,
    };
  };
}
