import type { TokenDigest } from './token.ts';
import type { TokenOwner } from './token-store.ts';

/**
 * A cache of token owners in front of the TokenStore. It may only make lookups faster: a miss or a failure
 * sends the lookup to the store, and `forget` must have removed a revoked digest everywhere before it answers.
 */
export interface TokenCache {
  /** The cached owner of a digest, or undefined when the store must be asked. Never rejects. */
  find(digest: TokenDigest): Promise<TokenOwner | undefined>;
  /** The owner this process holds, without waiting for anything; undefined sends the caller to `find`. */
  peek?(digest: TokenDigest): TokenOwner | undefined;
  /** Keeps an owner just read from the store; must not hold the request up. */
  remember(digest: TokenDigest, owner: TokenOwner): void;
  /** Drops digests the store no longer holds, on this node and every other. */
  forget(digests: readonly TokenDigest[]): Promise<void>;
}

/**
 * The key that tells every node to empty its in-process caches, for a bulk write (an import) that changes more
 * than it could name one by one. Digest-shaped, so it travels on the broadcast; no SHA-256 output is all zeros.
 */
export const FORGET_EVERYTHING = '0'.repeat(64) as TokenDigest;

/** No cache at all: every lookup reads the store. Right for one node on SQLite, and for tests. */
export const noTokenCache: TokenCache = {
  find: async () => undefined,
  remember() {},
  forget: async () => {},
};
