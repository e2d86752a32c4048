import { randomBytes } from 'node:crypto';

/** The id a 500 answer quotes and its log line carries, so an operator can find the detail the client never sees. */
export function newReportId(): string {
  return randomBytes(7).toString('hex').slice(0, 13);
}
