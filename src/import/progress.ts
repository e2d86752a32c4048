// Progress of a long import. On a terminal a redrawn bar (rows, rows per second, time left); anywhere else —
// a log file, a CI job, a pipe — one plain line every few seconds, because a redrawn bar there is noise.
import { SingleBar } from 'cli-progress';

/** What an import reports its progress to. */
export interface ImportProgress {
  /** Counts `n` more rows done. */
  tick(n?: number): void;
  /** Stops the bar or prints the last plain line; safe to call twice. */
  finish(): void;
}

export interface ImportProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  /** What is counted, e.g. `customers`. */
  label: string;
  /** Rows expected, when known (an estimate is fine): gives the percentage and the time left. */
  total?: number;
  /** Time between plain lines without a terminal; 5 s by default. */
  intervalMs?: number;
}

/** Creates the bar on a terminal, plain lines otherwise. */
export function createImportProgress(options: ImportProgressOptions): ImportProgress {
  return options.stream.isTTY ? terminalBar(options) : plainLines(options);
}

function terminalBar({ stream, label, total }: ImportProgressOptions): ImportProgress {
  const known = total !== undefined && total > 0;
  const bar = new SingleBar({
    stream,
    format: known
      ? `${label} [{bar}] {percentage}% | {value}/{total} | {speed} rows/s | {eta_formatted} left`
      : `${label} {value} rows | {speed} rows/s`,
    hideCursor: true,
    etaBuffer: 50,
    fps: 5,
  });
  const started = Date.now();
  let done = 0;
  let finished = false;
  bar.start(known ? total : 0, 0, { speed: 0 });
  return {
    tick(n = 1) {
      done += n;
      // An estimated total may be passed; the bar grows rather than overflow.
      if (known && done > bar.getTotal()) bar.setTotal(done);
      bar.update(done, { speed: rate(done, started) });
    },
    finish() {
      if (finished) return;
      finished = true;
      bar.stop();
    },
  };
}

function plainLines({ stream, label, total, intervalMs = 5000 }: ImportProgressOptions): ImportProgress {
  const started = Date.now();
  let done = 0;
  let finished = false;
  const line = () => {
    const of = total !== undefined && total > 0 ? ` of about ${total}` : '';
    stream.write(`keyway: ${label}: ${done} rows${of}, ${rate(done, started)} rows/s\n`);
  };
  // unref: a forgotten finish() must not keep the process alive.
  const timer = setInterval(line, intervalMs);
  timer.unref();
  return {
    tick(n = 1) {
      done += n;
    },
    finish() {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      line();
    },
  };
}

function rate(done: number, started: number): number {
  const seconds = (Date.now() - started) / 1000;
  return seconds > 0 ? Math.round(done / seconds) : 0;
}
