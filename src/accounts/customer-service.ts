import type { PasswordHasher } from '../auth/password-hasher.ts';
import { UserType } from '../auth/principal.ts';
import type { AuthEvents } from '../auth/auth-events.ts';
import { formatTimestamp, type Clock } from '../clock.ts';
import type { Settings } from '../config/settings.ts';
import { AppError, notAuthorized } from '../errors.ts';
import type { CustomerProfile, CustomerRecord, CustomerRow, CustomerStore } from './customer-store.ts';
import type { StoreDirectory, StoreView } from './store-directory.ts';
import { heldCustomerData, toCustomerData } from './customer-data.ts';
import type { CustomerInput } from './customer-input.ts';
import { applyCustomerInput, blankProfile, validateProfile } from './customer-profile.ts';
import { checkPasswordIsNotEmail, checkPasswordStrength } from './password-policy.ts';
import {
  buildSearchSql,
  clampPage,
  echoSearchCriteria,
  parseSearchCriteria,
  type SearchField,
} from './search-criteria.ts';
import type { TokenRevocations } from './token-revocations.ts';

export interface CustomerServiceDeps {
  revocations: TokenRevocations;
  /** Told of lockouts, for the metrics. */
  events?: Pick<AuthEvents, 'onLockout'>;
  customers: CustomerStore;
  directory: StoreDirectory;
  hasher: PasswordHasher;
  settings: Settings;
  clock: Clock;
}

const SEARCH_FIELDS: Readonly<Record<string, SearchField>> = {
  entity_id: { column: 'entity_id', type: 'int' },
  id: { column: 'entity_id', type: 'int' },
  email: { column: 'email', type: 'string' },
  firstname: { column: 'firstname', type: 'string' },
  lastname: { column: 'lastname', type: 'string' },
  middlename: { column: 'middlename', type: 'string' },
  prefix: { column: 'prefix', type: 'string' },
  suffix: { column: 'suffix', type: 'string' },
  group_id: { column: 'group_id', type: 'int' },
  website_id: { column: 'website_id', type: 'int' },
  store_id: { column: 'store_id', type: 'int' },
  gender: { column: 'gender', type: 'int' },
  dob: { column: 'dob', type: 'string' },
  taxvat: { column: 'taxvat', type: 'string' },
  created_at: { column: 'created_at', type: 'string' },
  updated_at: { column: 'updated_at', type: 'string' },
  created_in: { column: 'created_in', type: 'string' },
};

/** Customer accounts: Magento's CustomerRepository and AccountManagement behind the customer routes. */
export class CustomerService {
  constructor(private readonly deps: CustomerServiceDeps) {}

  /** At once when the store holds the record in memory (a warm read takes no promise), else once it is read. */
  getById(customerId: number): Record<string, unknown> | Promise<Record<string, unknown>> {
    const held = this.deps.customers.heldRecord(customerId);
    if (held) return heldCustomerData(held);
    return this.load(customerId).then(toCustomerData);
  }

  /** Anonymous sign-up (`POST /V1/customers`), with Magento's checks in Magento's order. */
  async createAccount(
    input: CustomerInput,
    password: string | undefined,
    store: StoreView,
    callerMayManage: boolean,
  ): Promise<Record<string, unknown>> {
    const { customers, settings, hasher } = this.deps;
    if (input.group_id !== undefined && input.group_id !== null && !callerMayManage) {
      throw notAuthorized(['Magento_Customer::manage']);
    }
    if (typeof input.email !== 'string' || input.email === '') throw new AppError('emailRequiredToCreate');
    if (password !== undefined) {
      checkPasswordStrength(password, this.passwordRules());
      checkPasswordIsNotEmail(password, input.email);
    }
    if (typeof input.id === 'number' && (await customers.findById(input.id))) throw new AppError('customerExists');
    const { storeId, websiteId, storeName } = this.signUpStore(input, store);
    const now = this.timestamp();
    const base = blankProfile({
      websiteId,
      storeId,
      groupId: settings.int('customer/create_account/default_group'),
      createdIn: storeName,
      updatedAt: now,
    });
    const profile = applyCustomerInput(
      base,
      { ...input, created_in: undefined, store_id: undefined, website_id: undefined },
      { replace: false, updatedAt: now },
    );
    await this.checkBeforeSave(profile, undefined);
    const passwordHash = password === undefined ? null : await hasher.hash(password);
    const id = await this.insertOrExplain(profile, passwordHash, now);
    return this.getById(id);
  }

  /**
   * Saves an existing customer. `replace` is the self-service form (fields left out are cleared); otherwise
   * the admin form, where the body may carry only the fields that change.
   */
  async save(customerId: number, input: CustomerInput, replace: boolean): Promise<Record<string, unknown>> {
    const existing = await this.load(customerId);
    const profile = applyCustomerInput(existing, input, { replace, updatedAt: this.timestamp() });
    await this.checkBeforeSave(profile, customerId);
    try {
      await this.deps.customers.updateProfile(customerId, profile);
    } catch (error) {
      throw this.explainWriteError(error);
    }
    // Cached tokens carry the customer's website, group and store: they must be read afresh.
    await this.deps.revocations.forgetUser(UserType.CUSTOMER, customerId);
    return this.getById(customerId);
  }

  async deleteById(customerId: number): Promise<boolean> {
    const revoked = await this.deps.customers.delete(customerId);
    if (!revoked) throw this.notFound(customerId);
    await this.deps.revocations.endSessions(UserType.CUSTOMER, customerId, revoked);
    return true;
  }

  async search(criteriaInput: unknown): Promise<Record<string, unknown>> {
    const { settings, customers } = this.deps;
    const limited = settings.flag('webapi/validation/input_limit_enabled');
    const criteria = parseSearchCriteria(
      criteriaInput,
      limited
        ? {
            defaultPageSize: settings.int('webapi/validation/default_page_size'),
            maxPageSize: settings.int('webapi/validation/maximum_page_size'),
          }
        : {},
    );
    let result = await customers.search(buildSearchSql(criteria, SEARCH_FIELDS, 'entity_id ASC'));
    // Magento's collections answer a page past the end with the last page.
    const clamped = clampPage(criteria, result.total);
    if (clamped.currentPage !== criteria.currentPage && result.total > 0) {
      result = await customers.search(buildSearchSql(clamped, SEARCH_FIELDS, 'entity_id ASC'));
    }
    return {
      items: result.rows.map(toCustomerData),
      search_criteria: echoSearchCriteria(criteria),
      total_count: result.total,
    };
  }

  /** `PUT /V1/customers/me/password`: the current password must match; other tokens are revoked on success. */
  async changePassword(customerId: number, current: string, next: string, keepTokenId?: number): Promise<boolean> {
    const { customers, hasher, clock, settings } = this.deps;
    const customer = await customers.findById(customerId);
    if (!customer) throw new AppError('invalidLogin');
    const now = clock.now();
    if (customer.lock_expires !== null && customer.lock_expires > now) throw new AppError('accountLocked');
    const check = await hasher.verify(current, customer.password_hash ?? '');
    if (!check.ok) {
      const failures = customer.failures_num + 1;
      const max = settings.int('customer/password/lockout_failures');
      const lockExpires =
        max > 0 && failures >= max ? now + settings.int('customer/password/lockout_threshold') * 60_000 : null;
      if (max > 0 && failures === max) this.deps.events?.onLockout(UserType.CUSTOMER);
      await customers.recordPasswordFailure(customerId, failures, customer.first_failure ?? now, lockExpires);
      throw new AppError('passwordMismatch');
    }
    checkPasswordIsNotEmail(next, customer.email);
    checkPasswordStrength(next, this.passwordRules());
    const revoked = await customers.changePassword(customerId, await hasher.hash(next), keepTokenId);
    await this.deps.revocations.endSessions(UserType.CUSTOMER, customerId, revoked);
    await customers.resetPasswordFailures(customerId);
    return true;
  }

  /** Since Magento 2.4.7 the answer is always true unless guest checkout login is enabled. */
  isEmailAvailable(email: string, websiteId: number): boolean | Promise<boolean> {
    // Without guest checkout login (Magento's default since 2.4.7) every address is available: nothing to read.
    if (!this.deps.settings.flag('checkout/options/enable_guest_checkout_login')) return true;
    return this.deps.customers.findByEmail(websiteId, email).then((found) => found === undefined);
  }

  /** Finds a customer by email in any website, for the command line. */
  async findByEmail(email: string): Promise<CustomerRow | undefined> {
    for (const website of this.deps.directory.websites) {
      const customer = await this.deps.customers.findByEmail(website.id, email);
      if (customer) return customer;
    }
    return undefined;
  }

  /**
   * Where a sign-up lands, as Magento's `createAccountWithPasswordHash` decides: a store id of 0 or none means
   * the website's default store (or the URL's store); the admin store ("all") has no customers of its own.
   */
  private signUpStore(
    input: CustomerInput,
    urlStore: StoreView,
  ): { storeId: number; websiteId: number; storeName: string | null } {
    const { views, websites, groups } = this.deps.directory;
    const givenStore = typeof input.store_id === 'number' && input.store_id !== 0 ? input.store_id : undefined;
    const givenWebsite = typeof input.website_id === 'number' && input.website_id !== 0 ? input.website_id : undefined;
    let store = givenStore === undefined ? undefined : views.find((view) => view.id === givenStore);
    if (givenStore !== undefined && !store) throw new AppError('storeNotInWebsite');
    if (!store && givenWebsite !== undefined) {
      const website = websites.find((each) => each.id === givenWebsite);
      const group = groups.find((each) => each.id === website?.default_group_id);
      store = views.find((view) => view.id === group?.default_store_id);
      if (!store) throw new AppError('storeNotInWebsite');
    }
    store ??= urlStore.id === 0 ? views.find((view) => view.id !== 0)! : urlStore;
    const websiteId = givenWebsite ?? store.website_id;
    if (store.website_id !== websiteId) throw new AppError('storeNotInWebsite');
    return { storeId: store.id, websiteId, storeName: store.name };
  }

  private async load(customerId: number): Promise<CustomerRecord> {
    const row = await this.deps.customers.findRecord(customerId);
    if (!row) throw this.notFound(customerId);
    return row;
  }

  private notFound(customerId: number): AppError {
    return new AppError('noSuchEntity', { fieldName: 'customerId', fieldValue: customerId });
  }

  private async checkBeforeSave(profile: CustomerProfile, customerId: number | undefined): Promise<void> {
    validateProfileEmailFirst(profile);
    const owner = await this.deps.customers.findByEmail(profile.website_id, profile.email);
    if (owner && owner.entity_id !== customerId) throw new AppError('emailTaken');
    if (!(await this.deps.customers.groupExists(profile.group_id))) throw new AppError('groupNotFound');
    validateProfile(profile, this.deps.directory, this.timestamp().slice(0, 10));
  }

  private async insertOrExplain(profile: CustomerProfile, passwordHash: string | null, now: string): Promise<number> {
    try {
      return await this.deps.customers.insert(profile, passwordHash, now);
    } catch (error) {
      throw this.explainWriteError(error);
    }
  }

  /** Two sign-ups racing for one email both pass the lookup; the unique index decides and this names it. */
  private explainWriteError(error: unknown): unknown {
    return this.deps.customers.isUniqueViolation(error) ? new AppError('emailTaken') : error;
  }

  private passwordRules() {
    return {
      minimumLength: this.deps.settings.int('customer/password/minimum_password_length'),
      requiredClasses: this.deps.settings.int('customer/password/required_character_classes_number'),
    };
  }

  private timestamp(): string {
    return formatTimestamp(this.deps.clock.now());
  }
}

/** Magento checks for a missing email before anything else on save. */
function validateProfileEmailFirst(profile: CustomerProfile): void {
  if (profile.email.trim() === '') throw new AppError('emailMissing');
}
