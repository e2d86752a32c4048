// Shared assertions of the OAuth suites: a parse that must succeed, and a refusal with Magento's exact words.
import assert from 'node:assert/strict';
import {
  type OAuthFailure,
  type OAuthRequest,
  parseOAuthRequest,
  type RequestParts,
  toAppError,
} from '../../src/oauth/index.ts';

/** Parses parts that must be an OAuth request. */
export function parsed(parts: RequestParts): OAuthRequest {
  const request = parseOAuthRequest(parts);
  assert.ok(request?.ok, `expected an OAuth request, got ${JSON.stringify(request)}`);
  return request;
}

/** The result must be a failure whose rendered message and status are exactly these. */
export function assertRefused(result: unknown, message: string, status: number): asserts result is OAuthFailure {
  assert.ok(
    typeof result === 'object' && result !== null && (result as OAuthFailure).ok === false,
    `expected a failure, got ${JSON.stringify(result)}`,
  );
  const error = toAppError(result as OAuthFailure);
  assert.equal(error.message, message);
  assert.equal(error.status, status);
}
