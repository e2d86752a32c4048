import type { TokenDigest } from '../../auth/token.ts';

/**
 * Tells every node which token digests were revoked, so each can drop them from its in-process cache. A node
 * may use that cache only while its subscription is `live`: a message missed while it was not is a revoked
 * token the cache would still accept.
 */
export interface RevocationBus {
  readonly live: boolean;
  /**
   * Brings `live` caches up to date with changes no message reports (another process on the same SQLite file).
   * Called once per request where it starts reading the caches: its token lookup.
   */
  refresh?(): void;
  publish(digests: readonly TokenDigest[]): Promise<void>;
  /** Subscribes; `onLiveChange` fires whenever messages start or stop arriving reliably. Never throws. */
  start(onRevoked: (digests: TokenDigest[]) => void, onLiveChange: (live: boolean) => void): void;
  close(): Promise<void>;
}

export const REVOCATION_CHANNEL = 'keyway_revoked';
/** Digests per message: 100 × 65 characters stays well inside PostgreSQL's 8000-byte NOTIFY payload. */
export const DIGESTS_PER_MESSAGE = 100;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Parses a message, keeping only strings shaped like digests. */
export function parseDigests(message: string): TokenDigest[] {
  return message.split(',').filter((part) => /^[0-9a-f]{64}$/.test(part)) as TokenDigest[];
}
