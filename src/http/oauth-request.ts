import type { RequestParts } from '../oauth/index.ts';

/** Where a request arrived, as OAuth signs it: scheme, Host header and the raw request target. */
export interface RequestOrigin {
  /** `http` or `https`, after a trusted proxy's `X-Forwarded-Proto`. */
  scheme: string;
  /** The Host header as sent, port included (Magento's `getHttpHost`). */
  host: string;
  /** Path and query exactly as received, still percent-encoded. */
  target: string;
}

/** What a request carries that an OAuth check reads. */
export interface OAuthInput {
  method: string;
  origin: RequestOrigin;
  authorization: string | undefined;
  contentType: string | undefined;
  body: Buffer | undefined;
}

/**
 * The request as the OAuth parser reads it. Only a form body can be signed, so no other body is decoded;
 * a form body is read as UTF-8, whose percent-encoding is what clients sign.
 */
export function oauthRequestParts(input: OAuthInput): RequestParts {
  const isForm = input.contentType?.startsWith('application/x-www-form-urlencoded') ?? false;
  return {
    method: input.method,
    scheme: input.origin.scheme,
    host: input.origin.host,
    target: input.origin.target,
    authorization: input.authorization,
    contentType: input.contentType,
    body: isForm && input.body ? input.body.toString('utf8') : undefined,
  };
}

/** Magento's `_processHeader` test: an Authorization header holding `oauth ` in any case makes a call OAuth. */
export function mentionsOAuth(authorization: string | undefined): boolean {
  return authorization?.toLowerCase().includes('oauth ') ?? false;
}
