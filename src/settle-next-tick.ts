// `process.nextTick` settled on one object shape before a server takes its first request.
//
// Node builds each queued tick as an object literal whose first keys are two symbols. V8 defines those keys
// inline only while each definition has seen a single object shape; once one has seen two, every later tick
// object of the process is built through V8's runtime. Measured with `perf` on a warm `customers/me` (Node
// 20): every Keyway server started cold ended up so, spending 11% of its CPU in
// `Runtime_DefineKeyedOwnPropertyInLiteral` under nextTick's callers (3-5 µs a request); a Fastify server
// doing the same work did in about half its starts. Calling nextTick some thousands of times first, with the
// argument counts Node's streams use, gets it optimised on one shape while nothing else runs.
//
// In small batches, each drained before the next: ticks that all stay queued until a scavenge would teach
// V8 to allocate every later tick object in the old generation, which costs more than the runtime calls.
const noop = (): void => {};
const BATCHES = 30;
const CALLS_PER_BATCH = 1_000;

export async function settleNextTick(): Promise<void> {
  for (let batch = 0; batch < BATCHES; batch++) {
    for (let i = 0; i < CALLS_PER_BATCH; i++) {
      process.nextTick(noop);
      process.nextTick(noop, i);
      process.nextTick(noop, i, i);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
