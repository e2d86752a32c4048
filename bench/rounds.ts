// Loads several servers in alternating rounds: each round gives every server the same load once, and the order
// turns from round to round. A machine whose speed drifts during a run (other work on its cores, a throttled
// host) then weighs on every server alike, and ratios taken from these rounds compare like with like.
import { combine, load, warmThenLoad, type LoadResult, type LoadSpec } from './load.ts';
import type { ServerChild } from './processes.ts';

export interface Contender {
  name: string;
  server: Pick<ServerChild, 'cpuMs'>;
  spec: LoadSpec;
}

/** One contender's rounds taken together, with its server CPU per response over all of them. */
export type RoundsResult = LoadResult & { rounds: LoadResult[] };

export async function alternatingRounds(
  contenders: readonly Contender[],
  options: { rounds: number; warmupS: number },
): Promise<Map<string, RoundsResult>> {
  for (const { spec } of contenders) await load({ ...spec, durationS: options.warmupS });
  const byName = new Map<string, LoadResult[]>(contenders.map((c) => [c.name, []]));
  for (let round = 0; round < options.rounds; round++) {
    // Rotate, so that no contender always runs first or always follows the same one.
    const shift = round % contenders.length;
    const order = [...contenders.slice(shift), ...contenders.slice(0, shift)];
    for (const { name, server, spec } of order) {
      const result = await warmThenLoad(spec, 0, server.cpuMs);
      if (result.failed > 0) throw new Error(`${name}: ${result.failed} requests failed or were not 2xx`);
      byName.get(name)!.push(result);
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
