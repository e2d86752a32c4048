// What the Magento importer reads from and writes to Keyway's database, beside the customer writes of
// customer-import-store.ts. The reads serve the clash check that runs before anything is written.
import type { SettingPath } from '../config/setting-definitions.ts';
import type { TokenDigest } from '../auth/token.ts';
import type { UpsertOutcome } from './customer-import-store.ts';
import type { MagentoCustomerGroup, MagentoStoreGroup, MagentoStoreView, MagentoWebsite } from './magento-source.ts';

/** Someone already in Keyway under an id or a key the import uses. */
export interface StoredPerson {
  id: number;
  /** The e-mail (customers) or username (admins) as stored. */
  key: string;
  websiteId?: number;
}

export interface StoredIntegration {
  id: number;
  name: string;
  consumerId: number;
  consumerKey: string;
}

export interface ImportedAdmin {
  id: number;
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  passwordHash: string;
  isActive: boolean;
  roleId: number;
  createdAt: string;
  updatedAt: string;
}

/** An integration with its consumer and, once activated, its access token; secrets already under Keyway's key. */
export interface ImportedIntegration {
  id: number;
  name: string;
  email: string;
  endpoint: string | null;
  identityLinkUrl: string | null;
  status: number;
  setupType: number;
  allResources: boolean;
  resources: string[];
  createdAt: number;
  updatedAt: number;
  consumer: {
    id: number;
    name: string;
    key: string;
    encryptedSecret: string;
    createdAt: number;
    updatedAt: number | null;
  };
  accessToken: { digest: TokenDigest; encryptedSecret: string; createdAt: number } | null;
}

/** A live customer or admin token, as its digest. */
export interface ImportedToken {
  digest: TokenDigest;
  userType: 2 | 3;
  userId: number;
  createdAt: number;
}

export interface ImportedTfa {
  userId: number;
  providers: string[];
  defaultProvider: string;
  /** The Google Authenticator secret under Keyway's key, when the admin had one. */
  google: {
    encryptedSecret: string;
    active: boolean;
    /** Whether a stored (encrypted) secret holds this same secret: encryption differs on every run. */
    sameAs(storedEncrypted: string): boolean;
  } | null;
}

export type StoreKind = 'website' | 'group' | 'store';

/** Keyway's side of a Magento import. Every write is idempotent: running the import twice changes nothing more. */
export interface MagentoImportTarget {
  storeCodes(kind: StoreKind): Promise<Map<number, string>>;
  /** Customers stored under any of `ids`, or under any of the (website, e-mail) pairs. */
  customersMatching(
    ids: readonly number[],
    emails: readonly { websiteId: number; email: string }[],
  ): Promise<StoredPerson[]>;
  admins(): Promise<StoredPerson[]>;
  integrations(): Promise<StoredIntegration[]>;
  /** Consumer ids and keys in use, by consumer id. */
  consumers(): Promise<Map<number, string>>;
  settings(): Promise<Map<string, string>>;

  upsertStores(
    websites: MagentoWebsite[],
    groups: MagentoStoreGroup[],
    views: MagentoStoreView[],
  ): Promise<UpsertOutcome[]>;
  /** Groups by id; a renamed group is an update (groups are no people, so nothing clashes). */
  upsertCustomerGroups(groups: MagentoCustomerGroup[]): Promise<UpsertOutcome[]>;
  /** Creates the role, or replaces the rules of the role of that name; answers its Keyway id. */
  upsertRole(name: string, resources: readonly string[]): Promise<{ roleId: number; outcome: UpsertOutcome }>;
  upsertAdmin(admin: ImportedAdmin): Promise<UpsertOutcome>;
  /** Locks an admin's sign-in until `until` (ms), as Keyway's failed-login lock does. */
  lockAdmin(username: string, until: number): Promise<void>;
  upsertIntegration(integration: ImportedIntegration): Promise<UpsertOutcome>;
  /** Stores the digests; one already stored is `unchanged`. */
  insertTokens(tokens: readonly ImportedToken[]): Promise<UpsertOutcome[]>;
  saveRevocation(userTypeId: number, userId: number, revokeBefore: number): Promise<UpsertOutcome>;
  saveTfa(tfa: ImportedTfa): Promise<UpsertOutcome>;
  setSetting(path: SettingPath, value: string): Promise<void>;
  /** Moves id sequences past the ids inserted explicitly (PostgreSQL's identities do not follow by themselves). */
  finish(): Promise<void>;
}
