// Signs requests with the real oauth-1.0a library, as magento-api-rest and most Node clients do.
import { createHmac } from 'node:crypto';
import OAuth from 'oauth-1.0a';
import type { RequestParts } from '../../src/oauth/index.ts';
import { CONSUMER_KEY, CONSUMER_SECRET, NOW_SECONDS, TOKEN, TOKEN_SECRET } from './fake-ports.ts';

export interface SignOptions {
  method?: string;
  url: string;
  /** Form fields: signed, and sent as an x-www-form-urlencoded body. */
  form?: Record<string, string>;
  /** A JSON body: sent, not signed. */
  json?: unknown;
  sha?: 'HMAC-SHA1' | 'HMAC-SHA256';
  token?: { key?: string; secret: string } | null;
  realm?: string;
  nonce?: string;
  timestamp?: number;
  /** Extra protocol parameters in the header (oauth_verifier, oauth_callback), signed. */
  extra?: Record<string, string>;
  consumer?: { key: string; secret: string };
}

/** The request parts a signed call arrives as, its Authorization header made by oauth-1.0a 2.2.6. */
export function signWithLibrary(options: SignOptions): RequestParts {
  const method = options.method ?? 'GET';
  const sha = options.sha ?? 'HMAC-SHA256';
  const oauth = new OAuth({
    consumer: options.consumer ?? { key: CONSUMER_KEY, secret: CONSUMER_SECRET },
    signature_method: sha,
    realm: options.realm,
    hash_function: (base, key) =>
      createHmac(sha === 'HMAC-SHA1' ? 'sha1' : 'sha256', key)
        .update(base)
        .digest('base64'),
  });
  // Fixed nonce and time, so a test can reason about the window and replays.
  oauth.getNonce = () => options.nonce ?? `n${Math.random().toString(36).slice(2).padEnd(31, 'x')}`.slice(0, 32);
  oauth.getTimeStamp = () => options.timestamp ?? NOW_SECONDS;
  const token = options.token === null ? undefined : (options.token ?? { key: TOKEN, secret: TOKEN_SECRET });
  const data = { ...(options.form ?? {}), ...(options.extra ?? {}) };
  const authorized = oauth.authorize({ url: options.url, method, data }, token as OAuth.Token);
  // oauth-1.0a signs `data` but puts only its own parameters in the header: extra protocol ones are added.
  const header = oauth.toHeader({ ...authorized, ...(options.extra ?? {}) }).Authorization;
  const url = new URL(options.url);
  return {
    method,
    scheme: url.protocol.slice(0, -1),
    host: url.host,
    target: options.url.slice(options.url.indexOf('/', url.protocol.length + 2)),
    authorization: header,
    contentType: options.form ? 'application/x-www-form-urlencoded' : options.json ? 'application/json' : undefined,
    body: options.form
      ? new URLSearchParams(options.form).toString()
      : options.json
        ? JSON.stringify(options.json)
        : undefined,
  };
}

/** The same request with one Authorization parameter replaced, or removed when `value` is undefined. */
export function withParam(parts: RequestParts, name: string, value: string | undefined): RequestParts {
  const pattern = new RegExp(`(, )?${name}="[^"]*"`);
  const header = parts.authorization!;
  const replaced =
    value === undefined
      ? header.replace(pattern, '').replace('OAuth , ', 'OAuth ')
      : pattern.test(header)
        ? header.replace(pattern, (_, comma = '') => `${comma}${name}="${encodeURIComponent(value)}"`)
        : `${header}, ${name}="${encodeURIComponent(value)}"`;
  return { ...parts, authorization: replaced };
}
