// Where a V8 CPU profile spent its time: the functions with the most self time, and the same grouped by
// package or source folder. `node --import tsx bench/profile-summary.ts FILE.cpuprofile [TOP]`
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }
interface Profile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

/** Monotonic-clock microseconds (process.hrtime's clock, which V8 stamps profiles with). */
export interface Window { fromUs: number; toUs: number }

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Summarises the samples taken inside `window` (the load, not the start-up), or all of them. */
export function summarise(file: string, top = 25, window?: Window): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  const groups = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let at = profile.startTime;
  // timeDeltas[i + 1] is the time until the next sample, spent where sample i was taken.
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const frame = byId.get(profile.samples[i]!)!.callFrame;
    const us = profile.timeDeltas[i + 1] ?? 0;
    total += us;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    const where = place(frame.url);
    const key = `${frame.functionName || '(anonymous)'}  ${where}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + us);
    const group = frame.url ? groupOf(where) : frame.functionName;
    groups.set(group, (groups.get(group) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const lines = [
    `${file}`,
    `${window ? 'during the load: ' : ''}${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s on the CPU (${((100 * busy) / total).toFixed(0)}%); shares below are of CPU time`,
    '',
    'self time by function:',
    ...ranked(self, top).map(([key, us]) => `  ${pct(us)}  ${key}`),
    '',
    'self time by package or folder:',
    ...ranked(groups, 15).map(([key, us]) => `  ${pct(us)}  ${key}`),
  ];
  return lines.join('\n');
}

function ranked(map: Map<string, number>, n: number): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
}

function place(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  return path.startsWith(ROOT) ? path.slice(ROOT.length) : path;
}

function groupOf(where: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  if (pkg) return pkg[1]!;
  if (where.startsWith('node:')) return 'node: (built-in modules)';
  const dir = /^(src\/[^/]+|bench|test)\//.exec(where);
  return dir ? dir[1]! : where;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, top] = process.argv.slice(2);
  if (!file) throw new Error('usage: bench/profile-summary.ts FILE.cpuprofile [TOP]');
  console.log(summarise(file, top ? Number(top) : undefined));
}
