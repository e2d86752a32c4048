import { CATALOGUE, renderMessage } from '../errors.ts';
import type { OAuthFailure } from './failure.ts';
import { formEncode } from './percent-encoding.ts';

/** PHP's http_build_query: `name=value` pairs joined by `&`, each side encoded as urlencode (RFC 1738) does. */
export function buildQuery(pairs: Readonly<Record<string, string>>): string {
  return Object.entries(pairs)
    .map(([name, value]) => `${formEncode(name)}=${formEncode(value)}`)
    .join('&');
}

/** The 200 body of both handshake steps: `oauth_token=...&oauth_token_secret=...`. */
export function tokenBody(token: string, tokenSecret: string): string {
  return buildQuery({ oauth_token: token, oauth_token_secret: tokenSecret });
}

/**
 * The error body of a handshake step: `oauth_problem=<rendered message>`. An aggregate of input errors is
 * Magento's `getAggregatedErrorMessage`: each message without its trailing `.`, joined by `, `.
 */
export function problemBody(failure: OAuthFailure): string {
  return buildQuery({ oauth_problem: problemText(failure) });
}

/** The 500 body for an unexpected error, as Magento's `prepareErrorResponse` words it. */
export function internalProblemBody(message: string): string {
  return buildQuery({ oauth_problem: `internal_error&message=${message || 'empty_message'}` });
}

function problemText(failure: OAuthFailure): string {
  if (failure.errors && failure.errors.length > 0) {
    return failure.errors.map((error) => problemText(error).replace(/\.+$/, '')).join(', ');
  }
  return renderMessage(CATALOGUE[failure.code].message, failure.parameters);
}
