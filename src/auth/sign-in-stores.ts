// What signing in and authorizing need of the account stores. The full stores are ports of accounts/; auth
// declares only the part it uses, so it never depends on the account layer above it.

/** A customer as a sign-in sees it: the hash to check and the account's own lock counters. */
export interface CustomerCredentials {
  entity_id: number;
  password_hash: string | null;
  is_active: number;
  failures_num: number;
  first_failure: number | null;
  lock_expires: number | null;
}

/** The customer reads and writes of a sign-in. */
export interface CustomerSignInStore {
  findByEmail(websiteId: number, email: string): Promise<CustomerCredentials | undefined>;
  /** Upgrades a hash after a successful login (Magento formats, older parameters); tokens stay. */
  rehashPassword(id: number, passwordHash: string): Promise<void>;
  recordPasswordFailure(
    id: number,
    failuresNum: number,
    firstFailure: number | null,
    lockExpires: number | null,
  ): Promise<void>;
  resetPasswordFailures(id: number): Promise<void>;
}

/** An admin user as a sign-in sees it. */
export interface AdminCredentials {
  user_id: number;
  password_hash: string;
  is_active: number;
}

/** The admin reads and writes of a sign-in. */
export interface AdminSignInStore {
  /** Usernames match case-insensitively, as Magento's default login does. */
  findByUsername(username: string): Promise<AdminCredentials | undefined>;
  rehashPassword(id: number, passwordHash: string): Promise<void>;
}

/** The ACL resources an admin role allows, for authorizing an admin's token. */
export interface RoleRuleStore {
  roleResources(roleId: number): Promise<string[]>;
}
