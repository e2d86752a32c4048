/** One decoded request parameter, as it enters the signature base string. */
export interface Param {
  readonly name: string;
  readonly value: string;
}

// Magento's `_isProtocolParameter`: unanchored and case-sensitive, so `realm` and `OAUTH_NONCE` are not.
const PROTOCOL_NAME = /oauth_[a-z_-]+/;

/** Whether a parameter belongs to the OAuth protocol (and so may come from one source only). */
export function isProtocolName(name: string): boolean {
  return PROTOCOL_NAME.test(name);
}
