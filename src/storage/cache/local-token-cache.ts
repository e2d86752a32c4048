import type { TokenDigest } from '../../auth/token.ts';
import type { TokenOwner } from '../../auth/token-store.ts';

/**
 * An in-process cache of token owners by digest (or of user facts by user key), bounded in size and age. Evicted digests leave a tombstone for
 * one lifetime, so a database read that began before a revocation cannot put the revoked token back.
 */
export class LocalTokenCache<Value = TokenOwner> {
  private readonly entries = new Map<TokenDigest, { owner: Value; expires: number }>();
  private readonly tombstones = new Map<TokenDigest, number>();

  constructor(
    private readonly maxEntries = 100_000,
    private readonly ttlMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(digest: TokenDigest): Value | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (entry.expires <= this.now()) {
      this.entries.delete(digest);
      return undefined;
    }
    return entry.owner;
  }

  set(digest: TokenDigest, owner: Value): void {
    const tomb = this.tombstones.get(digest);
    if (tomb !== undefined && tomb > this.now()) return;
    // A Map iterates in insertion order, so the first key is the oldest entry.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(digest, { owner, expires: this.now() + this.ttlMs });
  }

  evict(digests: readonly TokenDigest[]): void {
    const until = this.now() + this.ttlMs;
    for (const digest of digests) {
      this.entries.delete(digest);
      this.tombstones.delete(digest);
      this.tombstones.set(digest, until);
    }
    while (this.tombstones.size > this.maxEntries) this.tombstones.delete(this.tombstones.keys().next().value!);
  }

  /** Drops entries without a tombstone: for keys whose earlier value is merely not this one's (a reused id). */
  drop(keys: readonly TokenDigest[]): void {
    for (const key of keys) this.entries.delete(key);
  }

  /** Forgets every entry (tombstones stay), when revocations may have been missed. */
  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
