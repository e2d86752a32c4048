import { naturalCompare } from './natural-order.ts';
import { percentEncode } from './percent-encoding.ts';
import type { Param } from './param.ts';

/** How parameters are ordered: RFC 5849's byte order, or PHP's natural order of older Magento releases. */
export type ParamOrder = 'byte' | 'natural';

/** The normalised parameter string of RFC 5849 §3.4.1.3.2: encoded, sorted by name then value, joined. */
export function parameterString(params: readonly Param[], order: ParamOrder = 'byte'): string {
  const compare = order === 'byte' ? byteCompare : naturalCompare;
  return params
    .map((param) => [percentEncode(param.name), percentEncode(param.value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) => compare(nameA, nameB) || compare(valueA, valueB))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** The signature base string of RFC 5849 §3.4.1: `METHOD&enc(base URL)&enc(parameter string)`. */
export function signatureBaseString(method: string, baseUrl: string, params: readonly Param[], order?: ParamOrder) {
  return `${method.toUpperCase()}&${percentEncode(baseUrl)}&${percentEncode(parameterString(params, order))}`;
}

/** The HMAC key of RFC 5849 §3.4.2: `enc(consumer secret)&enc(token secret)`, the `&` kept when there is no token. */
export function signingKey(consumerSecret: string, tokenSecret = ''): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

// Encoded names and values are ASCII, so comparing UTF-16 code units is comparing bytes.
function byteCompare(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
