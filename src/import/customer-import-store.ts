// The store port an import writes customers through, whatever it reads them from (a Magento CSV export or
// Magento's database). Rows arrive in batches; each batch is one transaction, so an interrupted import leaves
// whole batches only, and running it again finishes the job.

/**
 * A customer as an importer hands it over. Customers are keyed by (website_id, email). A field left undefined
 * is one the source does not carry: an existing customer keeps its value, a new one gets Keyway's default.
 */
export interface ImportedCustomer {
  /** Kept when given (Magento's entity_id, read from its database); a CSV export has none. */
  id?: number;
  website_id: number;
  store_id: number;
  group_id: number;
  email: string;
  firstname: string;
  lastname: string;
  middlename: string | null;
  prefix: string | null;
  suffix: string | null;
  /** `YYYY-MM-DD`. */
  dob: string | null;
  /** 1 male, 2 female, 3 not specified. */
  gender: number | null;
  taxvat: string | null;
  created_in: string | null;
  disable_auto_group_change: number;
  /** UTC `YYYY-MM-DD HH:MM:SS`. */
  created_at?: string;
  updated_at?: string;
  is_active?: number;
  /** Magento's hash string, verified and upgraded at the next sign-in; null = cannot sign in until one is set. */
  password_hash: string | null;
  /** Epoch milliseconds. */
  lock_expires?: number | null;
  failures_num?: number;
}

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
