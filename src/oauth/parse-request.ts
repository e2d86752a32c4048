import { parseAuthorizationHeader } from './authorization-header.ts';
import { type OAuthFailure, rejectInput } from './failure.ts';
import {
  MAX_HOST_LENGTH,
  MAX_NONCE_LENGTH,
  MAX_PARAMETER_SOURCE_BYTES,
  MAX_PARAMETERS,
  MAX_PROTOCOL_VALUE_LENGTH,
} from './limits.ts';
import { formDecode, rawUrlDecode } from './percent-encoding.ts';
import { isProtocolName, type Param } from './param.ts';
import { signatureBaseUrl } from './base-url.ts';

/** The parts of an HTTP request that OAuth reads, as the HTTP layer received them. */
export interface RequestParts {
  method: string;
  /** `http` or `https`, after any trusted proxy's forwarded protocol. */
  scheme: string;
  /** The Host header, port included when sent. */
  host: string;
  /** The request target as received: path and query, still percent-encoded. */
  target: string;
  authorization: string | undefined;
  contentType: string | undefined;
  /** The body as text; read only when it is `application/x-www-form-urlencoded`. */
  body: string | undefined;
}

/** An OAuth request, parsed: what the checks read and what the signature covers. */
export interface OAuthRequest {
  /** Tells a parsed request from a parse failure. */
  ok: true;
  /** Upper-case HTTP method, as it enters the base string. */
  method: string;
  /** RFC 5849 §3.4.1.2 base URL: lower-case scheme and host, no default port, path as received. */
  baseUrl: string;
  /** Every parameter by name, the last one winning as in Magento's PHP array: `oauth_*` values are read here. */
  values: ReadonlyMap<string, string>;
  /** Every parameter in arrival order (header, form body, query), `oauth_signature` excluded: what is signed. */
  signed: readonly Param[];
  /**
   * The same with `+` in the query read as a space (RFC 5849's form decoding) rather than kept (PHP's
   * rawurldecode, which newer Magento and oauth-1.0a use); set only when the query holds a `+`.
   */
  signedPlusAsSpace?: readonly Param[];
}

/**
 * Parses a request as Magento's `Helper/Request::prepareRequest` (§6.1): undefined when it is not an OAuth
 * request (no `OAuth ` Authorization header); otherwise the parameters, or a 400 failure for input past the
 * bounds of `limits.ts`. Never throws.
 */
export function parseOAuthRequest(parts: RequestParts): OAuthRequest | OAuthFailure | undefined {
  const header = parseAuthorizationHeader(parts.authorization);
  if (header === undefined || !Array.isArray(header)) return header;
  if (parts.host.length > MAX_HOST_LENGTH) return rejectInput('Host header too long');
  const queryAt = parts.target.indexOf('?');
  const query = queryAt === -1 ? '' : parts.target.slice(queryAt + 1);
  if (query.length > MAX_PARAMETER_SOURCE_BYTES) return rejectInput('query string too long');

  const params: Param[] = [...header];
  // Body and query `oauth_*` parameters count only when no earlier source gave any (Magento's precedence).
  if (isForm(parts.contentType) && parts.body) {
    if (parts.body.length > MAX_PARAMETER_SOURCE_BYTES) return rejectInput('form body too long');
    const protocolAllowed = params.length === 0;
    for (const param of splitPairs(parts.body, formDecode)) {
      if (protocolAllowed || !isProtocolName(param.name)) params.push(param);
    }
  }
  const protocolAllowed = params.length === 0;
  const fromQuery = (decode: (raw: string) => string) =>
    splitPairs(query, decode).filter((param) => protocolAllowed || !isProtocolName(param.name));
  const queryParams = fromQuery(rawUrlDecode);
  if (params.length + queryParams.length > MAX_PARAMETERS) return rejectInput('too many parameters');

  const problem = checkProtocolValues([...params, ...queryParams]);
  if (problem) return problem;
  const values = new Map([...params, ...queryParams].map((param) => [param.name, param.value]));
  const unsigned = (param: Param) => param.name !== 'oauth_signature';
  return {
    ok: true,
    method: parts.method.toUpperCase(),
    baseUrl: signatureBaseUrl(parts.scheme, parts.host, queryAt === -1 ? parts.target : parts.target.slice(0, queryAt)),
    values,
    signed: [...params, ...queryParams].filter(unsigned),
    ...(query.includes('+') && { signedPlusAsSpace: [...params, ...fromQuery(formDecode)].filter(unsigned) }),
  };
}

/**
 * What a handshake step sees when the request is not OAuth at all (no `OAuth ` header): no parameters, so the
 * required-parameter check lists every name, as Magento does.
 */
export const NO_PARAMETERS: OAuthRequest = Object.freeze({
  ok: true,
  method: '',
  baseUrl: '',
  values: new Map(),
  signed: [],
});

function isForm(contentType: string | undefined): boolean {
  // Magento's test is a case-sensitive prefix match, parameters such as `; charset=UTF-8` allowed.
  return contentType?.startsWith('application/x-www-form-urlencoded') ?? false;
}

// `a=1&b` gives a=1 and b= (a key without `=` is signed as `key=`, as the newest Magento and oauth-1.0a do);
// the value runs to the end, `=` included; empty pieces (`&&`, a trailing `&`) are skipped.
function splitPairs(source: string, decode: (raw: string) => string): Param[] {
  if (source === '') return [];
  const params: Param[] = [];
  for (const piece of source.split('&')) {
    if (piece === '') continue;
    const equals = piece.indexOf('=');
    const name = decode(equals === -1 ? piece : piece.slice(0, equals));
    params.push({ name, value: equals === -1 ? '' : decode(piece.slice(equals + 1)) });
    if (params.length > MAX_PARAMETERS) break;
  }
  return params;
}

// Protocol values are short by nature; a repeat from the body or query is refused like a repeat in the header
// (only one source ever supplies them, so a repeat is always within one source).
function checkProtocolValues(params: readonly Param[]): OAuthFailure | undefined {
  const seen = new Set<string>();
  for (const { name, value } of params) {
    if (!isProtocolName(name)) continue;
    if (seen.has(name)) return rejectInput(`parameter ${name} repeated`);
    seen.add(name);
    if (value.length > (name === 'oauth_nonce' ? MAX_NONCE_LENGTH : MAX_PROTOCOL_VALUE_LENGTH)) {
      return rejectInput(`${name} too long`);
    }
  }
  return undefined;
}
