// Requests signed with the real oauth-1.0a package, as Node clients sign them, ready for inject() or fetch.
import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';

/** The part of a credential oauth-1.0a reads: a key and its secret. */
export interface KeyPair {
  key: string;
  secret: string;
}

export interface SignedRequestOptions {
  method?: string;
  /** The full URL the client believes it calls, query included: what it signs. */
  url: string;
  consumer: KeyPair;
  /** The request or access token; none on the request-token step. */
  token?: KeyPair;
  sha?: 'HMAC-SHA1' | 'HMAC-SHA256';
  /** Form fields: signed, and sent as an x-www-form-urlencoded body. */
  form?: Record<string, string>;
  /** A JSON body: sent, not signed. */
  json?: unknown;
  /** Extra protocol parameters in the header (oauth_verifier, oauth_callback), signed. */
  extra?: Record<string, string>;
  nonce?: string;
  /** Seconds; by default now on `clockMs`. */
  timestamp?: number;
  clockMs?: number;
}

export interface SignedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

/** A fresh 32-character nonce, as oauth-1.0a makes them. */
export function newNonce(): string {
  return randomBytes(24)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, 32);
}

/** Signs a request with oauth-1.0a 2.2.6: the Authorization header, and the body a form or JSON call sends. */
export function signRequest(options: SignedRequestOptions): SignedRequest {
  const method = options.method ?? 'GET';
  const sha = options.sha ?? 'HMAC-SHA256';
  const oauth = new OAuth({
    consumer: options.consumer,
    signature_method: sha,
    hash_function: (base, key) =>
      createHmac(sha === 'HMAC-SHA1' ? 'sha1' : 'sha256', key)
        .update(base)
        .digest('base64'),
  });
  oauth.getNonce = () => options.nonce ?? newNonce();
  oauth.getTimeStamp = () => options.timestamp ?? Math.floor((options.clockMs ?? Date.now()) / 1000);
  const data = { ...(options.form ?? {}), ...(options.extra ?? {}) };
  const authorized = oauth.authorize({ url: options.url, method, data }, options.token);
  // oauth-1.0a signs `data` but puts only its own parameters in the header: the extra protocol ones are added.
  const headers: Record<string, string> = {
    authorization: oauth.toHeader({ ...authorized, ...(options.extra ?? {}) }).Authorization,
  };
  let body: string | undefined;
  if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  }
  return { method, url: options.url, headers, body };
}

/** The same request with one Authorization parameter replaced, or removed when `value` is undefined. */
export function withParam(request: SignedRequest, name: string, value: string | undefined): SignedRequest {
  const pattern = new RegExp(`(, )?${name}="[^"]*"`);
  const header = request.headers.authorization!;
  const replaced =
    value === undefined
      ? header.replace(pattern, '').replace('OAuth , ', 'OAuth ')
      : pattern.test(header)
        ? header.replace(pattern, (_, comma = '') => `${comma}${name}="${encodeURIComponent(value)}"`)
        : `${header}, ${name}="${encodeURIComponent(value)}"`;
  return { ...request, headers: { ...request.headers, authorization: replaced } };
}
