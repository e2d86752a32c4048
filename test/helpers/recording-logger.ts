import type { Logger } from '../../src/logger.ts';

/** One event Keyway's domain logged (login failures, locks, throttling): its fields, level and message. */
export type LogEntry = Record<string, unknown> & { level: 'info' | 'warn' | 'error'; msg?: string };

/** A Keyway logger that keeps every event in `entries`, in order, for a test to read back. */
export function recordingLogger(): { logger: Logger; entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return {
    entries,
    logger: {
      info: (fields, msg) => entries.push({ ...fields, level: 'info', msg }),
      warn: (fields, msg) => entries.push({ ...fields, level: 'warn', msg }),
      error: (fields, msg) => entries.push({ ...fields, level: 'error', msg }),
    },
  };
}
