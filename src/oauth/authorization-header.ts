import { type OAuthFailure, rejectInput } from './failure.ts';
import { MAX_HEADER_BYTES } from './limits.ts';
import { rawUrlDecode } from './percent-encoding.ts';
import { isProtocolName, type Param } from './param.ts';

// PHP's trim() without a character list: only these, not every Unicode space as String.prototype.trim.
const PHP_TRIM = /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g;

/**
 * Reads the `oauth_*` parameters of an Authorization header as Magento's `Helper/Request::_processHeader`
 * does: undefined when there is no `oauth ` in it (case-insensitive), so the request is not OAuth at all.
 * Keyway refuses, as a 400, a header over 8 KB and a parameter given twice (Magento keeps the last one,
 * but RFC 5849 §3.1 forbids repeats and a repeat only ever serves to confuse signer and reader).
 */
export function parseAuthorizationHeader(header: string | undefined): Param[] | OAuthFailure | undefined {
  if (header === undefined) return undefined;
  if (header.length > MAX_HEADER_BYTES) return rejectInput('Authorization header too long');
  const start = header.toLowerCase().indexOf('oauth ');
  if (start === -1) return undefined;
  const params: Param[] = [];
  const seen = new Set<string>();
  for (const part of header.slice(start + 6).split(',')) {
    const trimmed = part.replace(PHP_TRIM, '');
    const equals = trimmed.indexOf('=');
    if (equals === -1) continue;
    const rawName = trimmed.slice(0, equals);
    // Tested before decoding, as Magento does: `realm`, `OAUTH_NONCE` and `oauth%5Fnonce` are all dropped.
    if (!isProtocolName(rawName)) continue;
    const name = rawUrlDecode(rawName);
    if (seen.has(name)) return rejectInput(`Authorization header repeats ${name}`);
    seen.add(name);
    params.push({ name, value: rawUrlDecode(trimQuotes(trimmed.slice(equals + 1))) });
  }
  return params;
}

// PHP's trim($value, '"'): every leading and trailing quote, so an unterminated quote is simply dropped.
function trimQuotes(value: string): string {
  let from = 0;
  let to = value.length;
  while (from < to && value[from] === '"') from++;
  while (to > from && value[to - 1] === '"') to--;
  return value.slice(from, to);
}
