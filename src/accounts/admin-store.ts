import type { AdminSignInStore, RoleRuleStore } from '../auth/sign-in-stores.ts';
import type { TokenDigest } from '../auth/token.ts';

/** An admin user as stored. */
export interface AdminRow {
  user_id: number;
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  password_hash: string;
  is_active: number;
  role_id: number;
  created_at: string;
  updated_at: string;
}

/** An admin user about to be created, its password already hashed. */
export interface NewAdmin {
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  passwordHash: string;
  roleId: number;
  createdAt: string;
}

/**
 * Admin users and their roles (Magento's `admin_user`, `authorization_role`, `authorization_rule`). The
 * sign-in reads and role rules are declared by the ports auth owns.
 */
export interface AdminStore extends AdminSignInStore, RoleRuleStore {
  /** Usernames match case-insensitively, as Magento's default login does. */
  findByUsername(username: string): Promise<AdminRow | undefined>;
  findById(id: number): Promise<AdminRow | undefined>;
  /** Inserts an admin; a taken username surfaces as the driver's unique violation. */
  insert(admin: NewAdmin): Promise<number>;
  /** Enables or disables the admin; disabling revokes its tokens in the same transaction (their digests answered). */
  setActive(id: number, active: boolean): Promise<TokenDigest[]>;
  findRoleByName(name: string): Promise<{ role_id: number; role_name: string } | undefined>;
  /** Creates a role allowing exactly `resources`; a taken name surfaces as the driver's unique violation. */
  createRole(name: string, resources: readonly string[]): Promise<number>;
  /** Makes the role allow exactly `resources`, in one transaction. */
  replaceRoleRules(roleId: number, resources: readonly string[]): Promise<void>;
  /** True when a write failed on a unique index (a username or role name taken meanwhile). */
  isUniqueViolation(error: unknown): boolean;
}
