import type { Clock } from '../clock.ts';
import type { TokenDigest } from '../auth/token.ts';

/** An OAuth consumer (`oauth_consumer`): one per integration. */
export interface OAuthConsumer {
  id: number;
  key: string;
  /** In clear: the store keeps it encrypted (crypto's SecretBox) and decrypts it on the way out. */
  secret: string;
  /** When the admin last clicked Activate or Reauthorize (ms); starts the token-exchange window. */
  updatedAt: number | null;
}

/** The integration's one token row (`oauth_token`), mutated from verifier to request to access token. */
export interface OAuthToken {
  id: number;
  consumerId: number;
  type: 'verifier' | 'request' | 'access';
  /** In clear, like the consumer secret. */
  secret: string;
  /** In clear; null once no verifier belongs to the row. */
  verifier: string | null;
  revoked: boolean;
}

/** Settings the checks read (`config/setting-definitions.ts` will own them once wired). */
export interface OAuthSettings {
  /** `oauth/consumer/expiration_period`, seconds: the token-exchange window after Activate (Magento: 300). */
  consumerExpirationSeconds: number;
  /** `oauth/signature/allow_sha1`: accept HMAC-SHA1 besides HMAC-SHA256 (Keyway's default 1; 2.4.4+ has SHA-256 only). */
  allowSha1: boolean;
}

/**
 * What the OAuth checks need from storage and the process: a handful of domain-shaped look-ups.
 *
 * `recordNonce` must be atomic (an insert under a unique `(consumer_id, nonce)` key) and answer true when the
 * nonce was new. Nonces are unique per consumer (another consumer may reuse one); they arrive non-empty and
 * at most 255 characters long, and are stored whole. Keyway refuses timestamps more than 600 s away from now
 * in either direction, so the store must remember a nonce at least until its `timestamp + 600 s` has passed;
 * it may forget it after that, since a replay would then be refused on its timestamp.
 *
 * Errors a port throws are not caught by the checks: the caller answers them as a 500 (on the handshake with
 * `internalProblemBody`), where Magento would turn a failed nonce insert into "An error occurred validating
 * the nonce" and hide the outage.
 */
export interface OAuthPorts {
  clock: Clock;
  settings: OAuthSettings;
  findConsumerByKey(key: string): Promise<OAuthConsumer | undefined>;
  /** Stores the nonce; false when this consumer has used it already. */
  recordNonce(consumerId: number, nonce: string, timestamp: number): Promise<boolean>;
  /** The integration's token row for the consumer (Magento: by consumer id and user type 1), any type. */
  findTokenOfConsumer(consumerId: number): Promise<OAuthToken | undefined>;
  /** A token row by the SHA-256 digest of its token (crypto's `lookupDigest`): the raw token is never stored. */
  findTokenByDigest(digest: TokenDigest): Promise<OAuthToken | undefined>;
}
