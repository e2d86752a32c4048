// Keyway's own JSON logger, as the server builds it, but writing into memory: the log suites read back every
// line it wrote, with the same redaction and serializers that guard the real log.
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/http/logger.ts';

export interface CapturedLog {
  /** Pass as both the HTTP logger and Keyway's, so the whole server writes here. */
  logger: Logger;
  /** Everything written so far, as one string. */
  text(): string;
  /** The lines written so far, without the empty one after the last newline. */
  lines(): string[];
}

/** A logger at `level` whose output is kept for the test to read. */
export function captureLog(level: string): CapturedLog {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const text = () => chunks.join('');
  return {
    logger: createLogger(level, destination),
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line !== ''),
  };
}
