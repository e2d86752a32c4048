import type { CustomerSignInStore } from '../auth/sign-in-stores.ts';
import type { TokenDigest } from '../auth/token.ts';
import type { SearchSql } from './search-criteria-sql.ts';

/** A customer as stored: Magento's `customer_entity` columns, snake_case as in the database. */
export interface CustomerRow {
  entity_id: number;
  website_id: number;
  store_id: number;
  group_id: number;
  email: string;
  firstname: string;
  lastname: string;
  middlename: string | null;
  prefix: string | null;
  suffix: string | null;
  dob: string | null;
  gender: number | null;
  taxvat: string | null;
  created_in: string | null;
  default_billing: string | null;
  default_shipping: string | null;
  disable_auto_group_change: number;
  is_subscribed: number;
  /** JSON text of the address list. */
  addresses: string;
  /** JSON text of the custom attribute list. */
  custom_attributes: string;
  password_hash: string | null;
  is_active: number;
  failures_num: number;
  first_failure: number | null;
  lock_expires: number | null;
  created_at: string;
  updated_at: string;
}

/**
 * What the customer routes answer from: the row without its sign-in columns. It may come from a cache that is
 * checked on every request, so nothing that decides a sign-in is ever read from it.
 */
export type CustomerRecord = Omit<CustomerRow, 'password_hash' | 'failures_num' | 'first_failure' | 'lock_expires'>;

/** The columns a profile save writes; the rest belong to sign-in and are written by their own methods. */
export type CustomerProfile = Omit<
  CustomerRow,
  'entity_id' | 'password_hash' | 'is_active' | 'failures_num' | 'first_failure' | 'lock_expires' | 'created_at'
>;

/**
 * Customer accounts (Magento's `customer_entity`); changes that end sessions revoke tokens in the same
 * transaction. The sign-in writes (rehash, failure counters) are declared by the port auth owns.
 */
export interface CustomerStore extends CustomerSignInStore {
  findById(id: number): Promise<CustomerRow | undefined>;
  /** The customer's record, for answering; `findById` when sign-in columns matter. */
  findRecord(id: number): Promise<CustomerRecord | undefined>;
  /**
   * The record when this process holds it and knows it current, without waiting; else undefined (read it). A
   * held record never changes (a write replaces it), so what is made from it may be kept with it.
   */
  heldRecord(id: number): CustomerRecord | undefined;
  findByEmail(websiteId: number, email: string): Promise<CustomerRow | undefined>;
  /** Inserts a customer; a duplicate email in the website surfaces as the driver's unique violation. */
  insert(profile: CustomerProfile, passwordHash: string | null, createdAt: string): Promise<number>;
  updateProfile(id: number, profile: CustomerProfile): Promise<void>;
  /** Stores a new password hash and revokes the customer's tokens but `keepTokenId`, in one transaction. */
  changePassword(id: number, passwordHash: string, keepTokenId?: number): Promise<TokenDigest[]>;
  /** Enables or disables the account; disabling revokes its tokens in the same transaction (their digests answered). */
  setActive(id: number, active: boolean): Promise<TokenDigest[]>;
  /** Deletes the customer and every token it holds; answers the revoked digests, or undefined when there was no such customer. */
  delete(id: number): Promise<TokenDigest[] | undefined>;
  search(sql: SearchSql): Promise<{ rows: CustomerRow[]; total: number }>;
  groupExists(groupId: number): Promise<boolean>;
  /** True when a write failed on the unique email index. */
  isUniqueViolation(error: unknown): boolean;
}
