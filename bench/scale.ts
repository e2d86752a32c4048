// customers/me against a small and a large token table. Both servers run side by side and are loaded in
// alternating rounds, so a burst of other work on the machine lands on both sizes alike.
import type { BenchDatabase } from './database.ts';
import { combine, load, type LoadResult } from './load.ts';
import { startKeyway } from './processes.ts';
import { customerMe, type Base } from './scenarios.ts';
import type { Seed } from './seed.ts';

export interface ScaleResult {
  count: number;
  result: LoadResult;
  peakRssMb: number;
  seedMs: number;
  /** Other processes' share of the machine during the rounds (not the seeding, whose database work ends before). */
  backgroundCpuPct: number;
}

export async function measureScale(
  db: BenchDatabase,
  seed: Seed,
  counts: readonly [number, number],
  base: Omit<Base, 'url'>,
  warmupS: number,
  rounds: number,
  meter: { mark(): number },
): Promise<ScaleResult[]> {
  const databases = [db, await db.clone()];
  try {
    const seedMs: number[] = [];
    for (const [i, count] of counts.entries()) {
      const started = Date.now();
      await databases[i]!.setTokenCount(count, seed.me.id);
      seedMs.push(Date.now() - started);
    }
    const servers = await Promise.all(databases.map((each) => startKeyway(each.url)));
    try {
      const specs = servers.map((server) => customerMe({ ...base, url: server.url }, seed));
      for (const spec of specs) await load({ ...spec, durationS: warmupS });
      const results: LoadResult[][] = [[], []];
      const cpuMs = [0, 0];
      meter.mark();
      for (let round = 0; round < rounds; round++) {
        // Alternate which size goes first, so neither always follows the other's load.
        const order = round % 2 === 0 ? [0, 1] : [1, 0];
        for (const i of order) {
          const before = servers[i]!.cpuMs();
          results[i]!.push(await load({ ...specs[i]!, durationS: base.durationS / rounds }));
          cpuMs[i]! += servers[i]!.cpuMs() - before;
        }
      }
      const backgroundCpuPct = meter.mark();
      return counts.map((count, i) => {
        const result = combine(results[i]!);
        result.serverCpuUs = (cpuMs[i]! * 1000) / Math.max(1, result.ok);
        return { count, result, peakRssMb: servers[i]!.peakRssMb(), seedMs: seedMs[i]!, backgroundCpuPct };
      });
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  } finally {
    await databases[1]!.drop();
  }
}
