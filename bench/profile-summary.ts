// Where a V8 CPU profile spent its time: the functions with the most self time, the same grouped by package
// or source folder, and Keyway's own functions by inclusive time (the hot path's structure).
// `node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--callers NAME]`
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Monotonic-clock microseconds (process.hrtime's clock, which V8 stamps profiles with). */
export interface Window {
  fromUs: number;
  toUs: number;
}

export interface SummaryOptions {
  top?: number;
  /** Only samples inside this time window (the load, not the start-up). */
  window?: Window;
  /** Also list the call paths that lead to functions of this name. */
  callers?: string;
}

export function summarise(file: string, options: SummaryOptions = {}): string {
  const { top = 25, window, callers } = options;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const groups = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const paths = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let focused = 0;
  let at = profile.startTime;
  // timeDeltas[i + 1] is the time until the next sample, spent where sample i was taken.
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i]!;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const id = profile.samples[i]!;
    const frame = byId.get(id)!.callFrame;
    const us = profile.timeDeltas[i + 1] ?? 0;
    total += us;
    if (frame.functionName === '(idle)') {
      idle += us;
      continue;
    }
    add(self, label(frame), us);
    add(groups, frame.url ? groupOf(place(frame.url)) : frame.functionName, us);
    const seen = new Set<string>();
    const stack: string[] = [];
    let inFocus = false;
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const f = byId.get(node)!.callFrame;
      stack.push(f.functionName || '(anonymous)');
      if (f.functionName === callers) inFocus = true;
      if (/^(src|dist)\//.test(place(f.url))) seen.add(label(f));
    }
    for (const key of seen) add(inclusive, key, us);
    if (inFocus) focused += us;
    if (callers && frame.functionName === callers) add(paths, stack.slice(1, 7).join(' < '), us);
  }
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const list = (map: Map<string, number>, n: number) => ranked(map, n).map(([key, us]) => `  ${pct(us)}  ${key}`);
  return [
    file,
    `${window ? 'during the load: ' : ''}${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s not idle ` +
      `(${((100 * busy) / total).toFixed(0)}%); shares are of the time not idle`,
    '',
    'self time by function:',
    ...list(self, top),
    '',
    'self time by package or folder:',
    ...list(groups, 12),
    '',
    "inclusive time of Keyway's own functions (src/, or dist/ when compiled):",
    ...list(inclusive, top),
    ...(callers
      ? [
          '',
          `${callers}: ${pct(focused).trim()} inclusive; self time by call path (caller < its caller < ...):`,
          ...list(paths, 8),
        ]
      : []),
  ].join('\n');
}

function add(map: Map<string, number>, key: string, us: number): void {
  map.set(key, (map.get(key) ?? 0) + us);
}

function label(frame: CallFrame): string {
  const where = place(frame.url);
  // tsx compiles each module onto one line, so a line number inside src/ says nothing.
  const line = frame.url && !where.startsWith('src/') ? `:${frame.lineNumber + 1}` : '';
  return `${frame.functionName || '(anonymous)'}  ${where}${line}`;
}

function ranked(map: Map<string, number>, n: number): [string, number][] {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
}

/** A short place: from node_modules/ or the project's own top folder on, wherever the checkout lives. */
function place(url: string): string {
  if (!url) return '';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const at = path.search(/\/node_modules\/|\/(src|dist|bench|test)\/(?!.*\/node_modules\/)/);
  return at >= 0 ? path.slice(at + 1) : path;
}

function groupOf(where: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  if (pkg) return pkg[1]!;
  if (where.startsWith('node:')) return 'node: (built-in modules)';
  const dir = /^(src\/[^/]+|bench|test)\//.exec(where);
  return dir ? dir[1]! : where;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string' }, callers: { type: 'string' } },
  });
  if (!positionals[0]) throw new Error('usage: bench/profile-summary.ts FILE.cpuprofile [--top N] [--callers NAME]');
  console.log(summarise(positionals[0], { top: values.top ? Number(values.top) : undefined, callers: values.callers }));
}
