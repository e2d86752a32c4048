import type { AdminRow, AdminStore, NewAdmin } from '../accounts/admin-store.ts';
import { UserType } from '../auth/principal.ts';
import type { TokenDigest } from '../auth/token.ts';
import { isLookupKey } from './customer-store.ts';
import { REVOKE_USER_TOKENS, digests } from './token-store.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

export const ROLE_RESOURCES = 'SELECT resource_id FROM admin_role_rule WHERE role_id = ?';

/** Admin users and roles in SQL; disabling an admin deletes its tokens in the same transaction. */
export class SqlAdminStore implements AdminStore {
  constructor(private readonly db: SqlDriver) {}

  findById(id: number): Promise<AdminRow | undefined> {
    return this.db.get<AdminRow>('SELECT * FROM admin_user WHERE user_id = ?', [id]);
  }

  async findByUsername(username: string): Promise<AdminRow | undefined> {
    if (!isLookupKey(username)) return undefined;
    return this.db.get<AdminRow>('SELECT * FROM admin_user WHERE username_key = ?', [username.toLowerCase()]);
  }

  async insert(admin: NewAdmin): Promise<number> {
    const row = await this.db.get<{ user_id: number }>(
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
  }

  async rehashPassword(id: number, passwordHash: string): Promise<void> {
    await this.db.run('UPDATE admin_user SET password_hash = ? WHERE user_id = ?', [passwordHash, id]);
  }

  setActive(id: number, active: boolean): Promise<TokenDigest[]> {
    return this.db.transaction(async (tx) => {
      await tx.run('UPDATE admin_user SET is_active = ? WHERE user_id = ?', [active ? 1 : 0, id]);
      if (active) return [];
      return digests(await tx.all<{ digest: TokenDigest }>(REVOKE_USER_TOKENS, [UserType.ADMIN, id, -1]));
    });
  }

  findRoleByName(name: string): Promise<{ role_id: number; role_name: string } | undefined> {
    return this.db.get('SELECT role_id, role_name FROM admin_role WHERE role_name = ?', [name]);
  }

  async createRole(name: string, resources: readonly string[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ role_id: number }>('INSERT INTO admin_role (role_name) VALUES (?) RETURNING role_id', [
        name,
      ]);
      for (const resource of new Set(resources)) {
        await tx.run('INSERT INTO admin_role_rule (role_id, resource_id) VALUES (?, ?)', [row!.role_id, resource]);
      }
      return row!.role_id;
    });
  }

  async replaceRoleRules(roleId: number, resources: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run('DELETE FROM admin_role_rule WHERE role_id = ?', [roleId]);
      for (const resource of new Set(resources)) {
        await tx.run('INSERT INTO admin_role_rule (role_id, resource_id) VALUES (?, ?)', [roleId, resource]);
      }
    });
  }

  async roleResources(roleId: number): Promise<string[]> {
    const rows = await this.db.all<{ resource_id: string }>(ROLE_RESOURCES, [roleId]);
    return rows.map((row) => row.resource_id);
  }

  isUniqueViolation(error: unknown): boolean {
    return this.db.isUniqueViolation(error);
  }
}
