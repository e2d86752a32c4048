// The store port an import writes customers through, whatever it reads them from (a Magento CSV export or
// Magento's database). Rows arrive in batches; each batch is one transaction, so an interrupted import leaves
// whole batches only, and running it again finishes the job.
import type { CustomerRow } from '../accounts/customer-store.ts';

/**
 * A customer as an importer hands it over: the stored row's own columns. Customers are keyed by (website_id,
 * email). The optional columns are ones a source may not carry: an existing customer keeps its value, a new
 * one gets Keyway's default. `password_hash` is Magento's hash string, verified and upgraded at the next
 * sign-in; null means the customer cannot sign in until one is set.
 */
export type ImportedCustomer = Pick<
  CustomerRow,
  | 'website_id'
  | 'store_id'
  | 'group_id'
  | 'email'
  | 'firstname'
  | 'lastname'
  | 'middlename'
  | 'prefix'
  | 'suffix'
  | 'dob'
  | 'gender'
  | 'taxvat'
  | 'created_in'
  | 'disable_auto_group_change'
  | 'password_hash'
> &
  Partial<Pick<CustomerRow, 'created_at' | 'updated_at' | 'is_active' | 'lock_expires' | 'failures_num'>> & {
    /** Kept when given (Magento's entity_id, read from its database); a CSV export has none. */
    id?: number;
  };

/** An address, attached to the customer it names (by id when known, otherwise by website and email). */
export interface ImportedAddress {
  /** Magento's address id (`_entity_id`); an address with the same id on the same customer is replaced. */
  id: number;
  customer_id?: number;
  website_id: number;
  email: string;
  firstname: string;
  lastname: string;
  middlename: string | null;
  prefix: string | null;
  suffix: string | null;
  company: string | null;
  street: string[];
  city: string;
  postcode: string | null;
  country_id: string;
  region: string | null;
  region_id: number | null;
  telephone: string | null;
  fax: string | null;
  vat_id: string | null;
  default_billing: boolean;
  default_shipping: boolean;
}

/** What one row did; `no-customer` is an address whose customer is not in Keyway. */
export type UpsertOutcome = 'imported' | 'updated' | 'unchanged';
export type AddressOutcome = UpsertOutcome | 'no-customer';

/** `now` stamps rows the source gives no time for; `dryRun` answers the outcomes and then rolls back. */
export interface UpsertOptions {
  now: string;
  dryRun?: boolean;
}

/** Writes imported customers and addresses; each call is one transaction, answered row by row. */
export interface CustomerImportStore {
  /** Inserts or updates the batch; a row identical to what is stored writes nothing. */
  upsertCustomers(batch: readonly ImportedCustomer[], options: UpsertOptions): Promise<UpsertOutcome[]>;
  /** The customer group ids Keyway has, so an importer can refuse a row naming another. */
  groupIds(): Promise<number[]>;
  /** Adds or replaces each address on its customer and moves the defaults it carries. */
  upsertAddresses(batch: readonly ImportedAddress[], options: UpsertOptions): Promise<AddressOutcome[]>;
}
