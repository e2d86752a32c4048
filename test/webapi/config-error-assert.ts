// Shared assertion for the config-error tests: the error must be a ConfigError whose message names the
// file and line, the route as "METHOD url" when there is one, and the reason.
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/webapi/index.ts';

export interface ExpectedConfigError {
  file: string;
  /** Omitted when there is no line to name (an unreadable file). */
  line?: number;
  route?: string;
  reason: RegExp;
}

export function assertConfigError(action: () => unknown, expected: ExpectedConfigError): void {
  assert.throws(action, (error: unknown) => {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    const place = expected.line === undefined ? `${expected.file}:` : `${expected.file}:${expected.line}:`;
    assert.ok(error.message.includes(place), `"${place}" missing in: ${error.message}`);
    if (expected.route !== undefined) {
      assert.ok(error.message.includes(`route "${expected.route}"`), `route missing in: ${error.message}`);
    }
    assert.match(error.message, expected.reason);
    return true;
  });
}
