import type { PasswordHasher } from '../auth/password-hasher.ts';
import { UserType } from '../auth/principal.ts';
import { throttleKey } from '../auth/throttle-key.ts';
import type { ThrottleStore } from '../auth/throttle-store.ts';
import { formatTimestamp, type Clock } from '../clock.ts';
import type { AdminStore } from './admin-store.ts';
import type { CustomerStore } from './customer-store.ts';
import { hasControlCharacters, isEmailAddress } from './text-rules.ts';
import type { TokenRevocations } from './token-revocations.ts';

/** A refused administrative action; its message is meant for the person at the command line. */
export class AccountError extends Error {}

export interface NewAdminUser {
  username: string;
  password: string;
  email: string;
  firstname: string;
  lastname: string;
  role: string;
}

export interface AdminServiceDeps {
  admins: AdminStore;
  customers: CustomerStore;
  throttle: ThrottleStore;
  hasher: PasswordHasher;
  clock: Clock;
  /** Whether an ACL resource id exists, so a role cannot name one that no route checks. */
  isAclResource(id: string): boolean;
  revocations: TokenRevocations;
}

/** Admin users and roles, as Magento's `admin:user:*` commands and admin panel manage them. */
export class AdminService {
  constructor(private readonly deps: AdminServiceDeps) {}

  /** Creates an admin user; a refusal is an AccountError naming the option at fault. */
  async createUser(user: NewAdminUser): Promise<number> {
    for (const [name, value] of Object.entries(user)) {
      if (value.trim() === '') throw new AccountError(`--admin-${name === 'role' ? 'role' : name} must not be empty`);
    }
    if (!isEmailAddress(user.email)) throw new AccountError(`"${user.email}" is not a valid email address`);
    for (const [name, value] of Object.entries(user)) {
      if (name !== 'password' && (hasControlCharacters(value) || value.length > 255)) {
        throw new AccountError(`--admin-${name} must be at most 255 characters without control characters`);
      }
    }
    // Magento's rule for admin passwords: at least 7 characters, with both letters and digits.
    if (user.password.length < 7 || !/[a-z]/i.test(user.password) || !/\d/.test(user.password)) {
      throw new AccountError(
        'The admin password must be at least 7 characters long and include both letters and digits',
      );
    }
    const role = await this.deps.admins.findRoleByName(user.role);
    if (!role) throw new AccountError(`There is no role named "${user.role}"`);
    if (await this.deps.admins.findByUsername(user.username)) {
      throw new AccountError(`An admin user named "${user.username}" already exists`);
    }
    const passwordHash = await this.deps.hasher.hash(user.password);
    // The lookup above gives the usual message; the unique index decides between two creations racing.
    return this.deps.admins
      .insert({
        username: user.username,
        email: user.email,
        firstname: user.firstname,
        lastname: user.lastname,
        passwordHash,
        roleId: role.role_id,
        createdAt: formatTimestamp(this.deps.clock.now()),
      })
      .catch((error: unknown) => {
        if (this.deps.admins.isUniqueViolation(error))
          throw new AccountError(`An admin user named "${user.username}" already exists`);
        throw error;
      });
  }

  /** Creates a role allowing the given ACL resources, each of which must exist. */
  async createRole(name: string, resources: readonly string[]): Promise<number> {
    this.checkRole(name, resources);
    if (await this.deps.admins.findRoleByName(name)) throw new AccountError(`A role named "${name}" already exists`);
    return this.deps.admins.createRole(name, resources).catch((error: unknown) => {
      if (this.deps.admins.isUniqueViolation(error)) throw new AccountError(`A role named "${name}" already exists`);
      throw error;
    });
  }

  /** Makes an existing role allow exactly the given ACL resources; its admins' next calls are judged by them. */
  async updateRole(name: string, resources: readonly string[]): Promise<number> {
    this.checkRole(name, resources);
    const role = await this.deps.admins.findRoleByName(name);
    if (!role) throw new AccountError(`There is no role named "${name}"`);
    await this.deps.admins.replaceRoleRules(role.role_id, resources);
    await this.deps.revocations.forgetRole(role.role_id);
    return role.role_id;
  }

  private checkRole(name: string, resources: readonly string[]): void {
    if (name.trim() === '') throw new AccountError('--name must not be empty');
    if (resources.length === 0) throw new AccountError('--resources must name at least one ACL resource');
    const unknown = resources.filter((id) => !this.deps.isAclResource(id));
    if (unknown.length > 0) throw new AccountError(`Unknown ACL resource(s): ${unknown.join(', ')}`);
  }

  /** Clears the token-request lock of an admin, as `bin/magento admin:user:unlock` does. */
  async unlockAdmin(username: string): Promise<void> {
    if (!(await this.deps.admins.findByUsername(username)))
      throw new AccountError(`There is no admin user named "${username}"`);
    await this.deps.throttle.reset(throttleKey(username), UserType.ADMIN);
  }

  /** Enables or disables an admin; disabling revokes its tokens. */
  async setAdminActive(username: string, active: boolean): Promise<void> {
    const admin = await this.deps.admins.findByUsername(username);
    if (!admin) throw new AccountError(`There is no admin user named "${username}"`);
    const revoked = await this.deps.admins.setActive(admin.user_id, active);
    if (!active) await this.deps.revocations.endSessions(UserType.ADMIN, admin.user_id, revoked);
  }

  /** Enables or disables a customer by email (in every website that has it); disabling revokes its tokens. */
  async setCustomerActive(email: string, active: boolean, websiteIds: readonly number[]): Promise<void> {
    let found = false;
    for (const websiteId of websiteIds) {
      const customer = await this.deps.customers.findByEmail(websiteId, email);
      if (!customer) continue;
      found = true;
      const revoked = await this.deps.customers.setActive(customer.entity_id, active);
      if (!active) await this.deps.revocations.endSessions(UserType.CUSTOMER, customer.entity_id, revoked);
    }
    if (!found) throw new AccountError(`There is no customer with the email "${email}"`);
  }

  /** Clears both locks a customer can be under: the token-request throttle and the password-change lock. */
  async unlockCustomer(email: string, websiteIds: readonly number[]): Promise<void> {
    let found = false;
    for (const websiteId of websiteIds) {
      const customer = await this.deps.customers.findByEmail(websiteId, email);
      if (!customer) continue;
      found = true;
      await this.deps.customers.resetPasswordFailures(customer.entity_id);
    }
    if (!found) throw new AccountError(`There is no customer with the email "${email}"`);
    await this.deps.throttle.reset(throttleKey(email), UserType.CUSTOMER);
  }
}
