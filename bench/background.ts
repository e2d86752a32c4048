// How much of the machine something other than this run used while it measured. On a shared 2-core box a
// test suite starting up elsewhere halves a result; this figure says whether that happened.
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICKS_PER_S = 100; // USER_HZ on Linux, the unit of /proc/stat and /proc/<pid>/stat alike

interface Sample {
  at: number;
  busy: number;
  ours: number;
}

// Once a process is known to be ours it stays ours, even if its parent exits first and it is re-parented.
const known = new Set<number>();

/**
 * `mark()` answers the share of all cores (0 to 100) used by processes outside this run since the last mark.
 * Ours: this process, its descendants (servers, and their esbuild), and, for PostgreSQL, the database's processes.
 */
export function backgroundMeter(includePostgres: boolean): { mark(): number } {
  if (!readable()) return { mark: () => NaN };
  let last = sample(includePostgres);
  return {
    mark() {
      const now = sample(includePostgres);
      const seconds = (now.at - last.at) / 1000;
      const other = now.busy - last.busy - (now.ours - last.ours);
      last = now;
      return seconds > 0 ? Math.max(0, (100 * other) / (seconds * TICKS_PER_S * cpus().length)) : NaN;
    },
  };
}

function readable(): boolean {
  try {
    readFileSync('/proc/stat');
    return true;
  } catch {
    return false;
  }
}

function sample(includePostgres: boolean): Sample {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + fields[4]!;
  const busy = fields.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
  const processes = new Map<number, { ppid: number; comm: string; own: number; reaped: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const rest = stat.slice(close + 2).split(' ');
      // After "pid (comm) ": state ppid ... utime(11) stime(12) cutime(13) cstime(14), 0-based from state.
      processes.set(Number(name), {
        ppid: Number(rest[1]),
        comm: stat.slice(stat.indexOf('(') + 1, close),
        own: Number(rest[11]) + Number(rest[12]),
        reaped: Number(rest[13]) + Number(rest[14]),
      });
    } catch {
      // the process ended while being read
    }
  }
  const isOurs = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; hops++) {
      if (p === process.pid || known.has(p)) {
        known.add(pid);
        return true;
      }
      const next = processes.get(p);
      if (!next) return false;
      p = next.ppid;
    }
    return false;
  };
  let ours = 0;
  for (const [pid, info] of processes) {
    // A descendant's time moves into its parent's "reaped" count when it exits, so counting both keeps the
    // total continuous. PostgreSQL's postmaster reaps everyone's backends, so only live ones count there.
    if (isOurs(pid)) ours += info.own + info.reaped;
    else if (includePostgres && info.comm === 'postgres') ours += info.own;
  }
  return { at: Date.now(), busy, ours };
}
