// Loads several servers in alternating rounds: each round gives every server the same load once, and the order
// turns from round to round. A machine whose speed drifts during a run (other work on its cores, a throttled
// host) then weighs on every server alike, and ratios taken from these rounds compare like with like.
//
// Each round starts every server afresh. A Node process's speed on the same work differs from one start to the
// next (seen here: in 6 of 15 processes profiled, Keyway's and the same-work server's, Node's own
// `process.nextTick` took 9-15% of the profile instead of about 1%, and 4-5 µs more CPU per response), so a
// ratio taken from one process of each would carry that luck; over several starts it averages out.
import { combine, warmThenLoad, type LoadResult, type LoadSpec } from './load.ts';
import type { ServerChild } from './processes.ts';

export interface Contender {
  name: string;
  /** Starts a fresh server of this kind. */
  start(): Promise<ServerChild>;
  /** The load, given the started server's URL. */
  spec(url: string): LoadSpec;
}

/** One contender's rounds taken together, with its server CPU per response over all of them. */
export type RoundsResult = LoadResult & { rounds: LoadResult[] };

export async function alternatingRounds(
  contenders: readonly Contender[],
  options: { rounds: number; warmupS: number },
): Promise<Map<string, RoundsResult>> {
  const byName = new Map<string, LoadResult[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    // Rotate, so that no contender always runs first or always follows the same one.
    const shift = round % contenders.length;
    const order = [...contenders.slice(shift), ...contenders.slice(0, shift)];
    for (const contender of order) {
      const server = await contender.start();
      try {
        const spec = contender.spec(server.url);
        const result = await warmThenLoad(spec, options.warmupS, server.cpuMs);
        if (result.failed > 0) throw new Error(`${contender.name}: ${result.failed} requests failed or were not 2xx`);
        byName.get(contender.name)!.push(result);
      } finally {
        await server.stop();
      }
    }
  }
  const out = new Map<string, RoundsResult>();
  for (const [name, rounds] of byName) {
    const ok = rounds.reduce((n, r) => n + r.ok, 0);
    const cpuUs = rounds.reduce((n, r) => n + (r.serverCpuUs ?? 0) * r.ok, 0);
    out.set(name, { ...combine(rounds), serverCpuUs: cpuUs / Math.max(1, ok), rounds });
  }
  return out;
}
