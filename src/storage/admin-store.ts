import { UserType } from '../auth/principal.ts';
import type { TokenDigest } from '../auth/token.ts';
import { isLookupKey } from './customer-store.ts';
import { REVOKE_USER_TOKENS, digests } from './token-store.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

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

export interface NewAdmin {
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  passwordHash: string;
  roleId: number;
  createdAt: string;
}

/** Admin users and their roles (Magento's `admin_user`, `authorization_role`, `authorization_rule`). */
export interface AdminStore {
  /** Usernames match case-insensitively, as Magento's default login does. */
  findByUsername(username: string): Promise<AdminRow | undefined>;
  findById(id: number): Promise<AdminRow | undefined>;
  /** Inserts an admin; a taken username surfaces as the driver's unique violation. */
  insert(admin: NewAdmin): Promise<number>;
  rehashPassword(id: number, passwordHash: string): Promise<void>;
  /** Enables or disables the admin; disabling revokes its tokens in the same transaction (their digests answered). */
  setActive(id: number, active: boolean): Promise<TokenDigest[]>;
  findRoleByName(name: string): Promise<{ role_id: number; role_name: string } | undefined>;
  /** Creates a role allowing exactly `resources`; a taken name surfaces as the driver's unique violation. */
  createRole(name: string, resources: readonly string[]): Promise<number>;
  roleResources(roleId: number): Promise<string[]>;
  /** True when a write failed on a unique index (a username or role name taken meanwhile). */
  isUniqueViolation(error: unknown): boolean;
}

export function createSqlAdminStore(db: SqlDriver): AdminStore {
  return {
    findById(id) {
      return db.get<AdminRow>('SELECT * FROM admin_user WHERE user_id = ?', [id]);
    },
    async findByUsername(username) {
      if (!isLookupKey(username)) return undefined;
      return db.get<AdminRow>('SELECT * FROM admin_user WHERE username_key = ?', [username.toLowerCase()]);
    },
    async insert(admin) {
      const row = await db.get<{ user_id: number }>(
        `INSERT INTO admin_user (username, username_key, email, firstname, lastname, password_hash, role_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING user_id`,
        [
          admin.username,
          admin.username.toLowerCase(),
          admin.email,
          admin.firstname,
          admin.lastname,
          admin.passwordHash,
          admin.roleId,
          admin.createdAt,
          admin.createdAt,
        ],
      );
      return row!.user_id;
    },
    async rehashPassword(id, passwordHash) {
      await db.run('UPDATE admin_user SET password_hash = ? WHERE user_id = ?', [passwordHash, id]);
    },
    setActive(id, active) {
      return db.transaction(async (tx) => {
        await tx.run('UPDATE admin_user SET is_active = ? WHERE user_id = ?', [active ? 1 : 0, id]);
        if (active) return [];
        return digests(await tx.all<{ digest: TokenDigest }>(REVOKE_USER_TOKENS, [UserType.ADMIN, id, -1]));
      });
    },
    findRoleByName(name) {
      return db.get('SELECT role_id, role_name FROM admin_role WHERE role_name = ?', [name]);
    },
    async createRole(name, resources) {
      return db.transaction(async (tx) => {
        const row = await tx.get<{ role_id: number }>(
          'INSERT INTO admin_role (role_name) VALUES (?) RETURNING role_id',
          [name],
        );
        for (const resource of new Set(resources)) {
          await tx.run('INSERT INTO admin_role_rule (role_id, resource_id) VALUES (?, ?)', [row!.role_id, resource]);
        }
        return row!.role_id;
      });
    },
    async roleResources(roleId) {
      const rows = await db.all<{ resource_id: string }>('SELECT resource_id FROM admin_role_rule WHERE role_id = ?', [
        roleId,
      ]);
      return rows.map((row) => row.resource_id);
    },
    isUniqueViolation: (error) => db.isUniqueViolation(error),
  };
}
