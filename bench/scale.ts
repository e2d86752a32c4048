// customers/me against a small and a large token table, in alternating rounds (bench/rounds.ts) with both
// servers started afresh for each round: a burst of other work on the machine lands on both sizes alike, and
// neither size's p50 rests on one process's luck (a Node process's speed differs from one start to the next).
import type { BenchDatabase } from './database.ts';
import type { LoadResult } from './load.ts';
import { startKeyway } from './processes.ts';
import { alternatingRounds } from './rounds.ts';
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
    const peakRssMb = [0, 0];
    meter.mark();
    const results = await alternatingRounds(
      counts.map((count, i) => ({
        name: String(count),
        start: async () => {
          const server = await startKeyway(databases[i]!.url);
          // The peak of every start of this size, read just before each server stops.
          return {
            ...server,
            stop: async () => {
              peakRssMb[i] = Math.max(peakRssMb[i]!, server.peakRssMb());
              await server.stop();
            },
          };
        },
        spec: (url: string) => customerMe({ ...base, url, durationS: base.durationS / rounds }, seed),
      })),
      { rounds, warmupS },
    );
    const backgroundCpuPct = meter.mark();
    return counts.map((count, i) => ({
      count,
      result: results.get(String(count))!,
      peakRssMb: peakRssMb[i]!,
      seedMs: seedMs[i]!,
      backgroundCpuPct,
    }));
  } finally {
    await databases[1]!.drop();
  }
}
