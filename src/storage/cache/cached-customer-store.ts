import type { CustomerProfile, CustomerRecord, CustomerRow, CustomerStore } from '../../accounts/customer-store.ts';
import type { SearchSql } from '../../accounts/search-criteria-sql.ts';
import { userKey } from '../../auth/jwt/user-facts.ts';
import { UserType } from '../../auth/principal.ts';
import type { TokenDigest } from '../../auth/token.ts';
import type { TokenCaches } from './token-caches.ts';

/**
 * The customer store with its records held in process, for the routes that answer a customer. A record is
 * served only while the caches' invalidation is live, and every write that changes one drops it on every node
 * (under the user key that also names the customer's JWT facts) before the write answers.
 */
export class CachedCustomerStore implements CustomerStore {
  constructor(
    private readonly store: CustomerStore,
    private readonly caches: TokenCaches,
  ) {}

  heldRecord(id: number): CustomerRecord | undefined {
    return this.caches.findCustomer(userKey(UserType.CUSTOMER, id));
  }

  async findRecord(id: number): Promise<CustomerRecord | undefined> {
    const cached = this.heldRecord(id);
    if (cached) return cached;
    const key = userKey(UserType.CUSTOMER, id);
    const record = await this.store.findRecord(id);
    // Frozen: every request shares it, so a caller that tried to change it would fail loudly, not corrupt others.
    if (record) this.caches.rememberCustomer(key, Object.freeze(record));
    return record;
  }

  async updateProfile(id: number, profile: CustomerProfile): Promise<void> {
    await this.store.updateProfile(id, profile);
    await this.forget(id);
  }

  async changePassword(id: number, passwordHash: string, keepTokenId?: number): Promise<TokenDigest[]> {
    const revoked = await this.store.changePassword(id, passwordHash, keepTokenId);
    await this.forget(id);
    return revoked;
  }

  async setActive(id: number, active: boolean): Promise<TokenDigest[]> {
    const revoked = await this.store.setActive(id, active);
    await this.forget(id);
    return revoked;
  }

  async delete(id: number): Promise<TokenDigest[] | undefined> {
    const revoked = await this.store.delete(id);
    await this.forget(id);
    return revoked;
  }

  // Reads and writes that leave the record as it is.
  findById(id: number): Promise<CustomerRow | undefined> {
    return this.store.findById(id);
  }

  findByEmail(websiteId: number, email: string): Promise<CustomerRow | undefined> {
    return this.store.findByEmail(websiteId, email);
  }

  async insert(profile: CustomerProfile, passwordHash: string | null, createdAt: string): Promise<number> {
    const id = await this.store.insert(profile, passwordHash, createdAt);
    // An id can come back after a delete elsewhere; whatever was held under it is not this customer.
    this.caches.dropCustomerHere(userKey(UserType.CUSTOMER, id));
    return id;
  }

  search(sql: SearchSql): Promise<{ rows: CustomerRow[]; total: number }> {
    return this.store.search(sql);
  }

  groupExists(groupId: number): Promise<boolean> {
    return this.store.groupExists(groupId);
  }

  isUniqueViolation(error: unknown): boolean {
    return this.store.isUniqueViolation(error);
  }

  rehashPassword(id: number, passwordHash: string): Promise<void> {
    return this.store.rehashPassword(id, passwordHash);
  }

  recordPasswordFailure(
    id: number,
    failuresNum: number,
    firstFailure: number | null,
    lockExpires: number | null,
  ): Promise<void> {
    return this.store.recordPasswordFailure(id, failuresNum, firstFailure, lockExpires);
  }

  resetPasswordFailures(id: number): Promise<void> {
    return this.store.resetPasswordFailures(id);
  }

  private forget(id: number): Promise<void> {
    return this.caches.forget([userKey(UserType.CUSTOMER, id)]);
  }
}
