// Imported customers and addresses in SQL, written once for SQLite and PostgreSQL. Each batch is one
// transaction: one lookup per batch finds the customers already there, then each row is inserted, updated
// (only when something differs) or left alone.
import type { AddressData } from '../accounts/customer-data.ts';
import { readJsonList } from '../accounts/customer-data.ts';
import type {
  AddressOutcome,
  CustomerImportStore,
  ImportedAddress,
  ImportedCustomer,
  UpsertOptions,
  UpsertOutcome,
} from '../import/customer-import-store.ts';
import { emailKey } from './customer-store.ts';
import type { SqlDriver, SqlExecutor, SqlParam } from './sql/sql-driver.ts';

// Written for every row; the optional ones below only when the source carries them.
const ALWAYS = [
  'website_id',
  'store_id',
  'group_id',
  'email',
  'email_key',
  'firstname',
  'lastname',
  'middlename',
  'prefix',
  'suffix',
  'dob',
  'gender',
  'taxvat',
  'created_in',
  'disable_auto_group_change',
  'password_hash',
] as const;
const OPTIONAL = ['created_at', 'updated_at', 'is_active', 'lock_expires', 'failures_num'] as const;
type Column = (typeof ALWAYS)[number] | (typeof OPTIONAL)[number];
type Stored = Record<Column, SqlParam> & { entity_id: number };

const SELECTED = `entity_id, ${[...ALWAYS, ...OPTIONAL].join(', ')}`;

/** The columns and values one imported row writes. */
function valuesOf(customer: ImportedCustomer): Map<Column, SqlParam> {
  const values = new Map<Column, SqlParam>();
  for (const column of ALWAYS) {
    values.set(column, column === 'email_key' ? emailKey(customer.email) : customer[column]);
  }
  for (const column of OPTIONAL) {
    if (customer[column] !== undefined) values.set(column, customer[column]);
  }
  return values;
}

// A hash in Keyway's own format ($argon2id$...) means the customer has signed in here since the export (the
// Magento hash was upgraded) or set a password here: it is newer than anything in the file, so it stays.
function keepsStoredHash(stored: Stored): boolean {
  return typeof stored.password_hash === 'string' && stored.password_hash.startsWith('$');
}

function changed(stored: Stored, values: Map<Column, SqlParam>): boolean {
  for (const [column, value] of values) {
    if (column === 'password_hash' && keepsStoredHash(stored)) continue;
    // PostgreSQL and SQLite may answer a number column as a string or a number; compare as text.
    if ((stored[column] ?? null) === null ? value !== null : String(stored[column]) !== String(value)) return true;
  }
  return false;
}

// Thrown to end a dry run's transaction; never leaves this file.
const ROLL_BACK = Symbol('dry run');

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

// New rows go in as multi-row INSERTs: one statement (one round trip on PostgreSQL) per INSERT_ROWS rows.
const INSERT_ROWS = 50;

// A million rows share a handful of column lists and chunk sizes: build each INSERT text once.
const inserts = new Map<string, string>();
function insertSql(list: string, width: number, rows: number): string {
  const cacheKey = `${list}|${rows}`;
  let sql = inserts.get(cacheKey);
  if (sql === undefined) {
    const tuple = `(${placeholders(width)})`;
    sql = `INSERT INTO customer_entity (${list}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')}
      RETURNING entity_id, website_id, email_key`;
    inserts.set(cacheKey, sql);
  }
  return sql;
}

/** New rows waiting for their INSERT; flushed when full, before a repeated key, and at the end of the batch. */
class PendingInserts {
  private rows: { key: string; list: string; values: Map<Column, SqlParam> }[] = [];
  private readonly keys = new Set<string>();
  private readonly inserted = new Map<string, Map<Column, SqlParam>>();
  private readonly ids = new Map<string, number>();

  get full(): boolean {
    return this.rows.length >= INSERT_ROWS;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string, values: Map<Column, SqlParam>): void {
    this.rows.push({ key, list: [...values.keys()].join(', '), values });
    this.keys.add(key);
  }

  /** Inserts the waiting rows (consecutive rows with the same columns share a statement) and records them as stored. */
  async flush(tx: SqlExecutor): Promise<void> {
    for (let start = 0; start < this.rows.length; ) {
      const { list, values } = this.rows[start];
      let end = start + 1;
      while (end < this.rows.length && this.rows[end].list === list) end++;
      const chunk = this.rows.slice(start, end);
      const params = chunk.flatMap((row) => [...row.values.values()]);
      const ids = await tx.all<{ entity_id: number; website_id: number; email_key: string }>(
        insertSql(list, values.size, chunk.length),
        params,
      );
      // Matched by key, not by position: neither database promises RETURNING's order.
      for (const row of ids) this.ids.set(`${row.website_id}\n${row.email_key}`, Number(row.entity_id));
      start = end;
    }
    for (const row of this.rows) this.inserted.set(row.key, row.values);
    this.rows = [];
    this.keys.clear();
  }

  /** A row this batch inserted, as stored; built only when the key comes up again (rare, so not for every row). */
  stored(key: string): Stored | undefined {
    const values = this.inserted.get(key);
    return values && ({ ...Object.fromEntries(values), entity_id: this.ids.get(key)! } as Stored);
  }
}

const updates = new Map<string, string>();
function updateSql(columns: readonly string[]): string {
  const list = columns.join(', ');
  let sql = updates.get(list);
  if (sql === undefined) {
    sql = `UPDATE customer_entity SET ${columns.map((column) => `${column} = ?`).join(', ')} WHERE entity_id = ?`;
    updates.set(list, sql);
  }
  return sql;
}

/** Customers and addresses from an import, in SQL. */
export class SqlCustomerImportStore implements CustomerImportStore {
  constructor(private readonly db: SqlDriver) {}

  upsertCustomers(batch: readonly ImportedCustomer[], { now, dryRun }: UpsertOptions): Promise<UpsertOutcome[]> {
    return this.transaction(dryRun, async (tx) => {
      const found = await this.lookUp(tx, batch);
      const outcomes: UpsertOutcome[] = [];
      let explicitIds = false;
      const pending = new PendingInserts();
      for (const customer of batch) {
        const values = valuesOf(customer);
        const key = customerKey(customer);
        // The same key again in this batch: its first row must be in the table before this one updates it.
        if (pending.has(key)) await pending.flush(tx);
        const stored =
          (customer.id !== undefined ? found.byId.get(customer.id) : undefined) ??
          found.byKey.get(key) ??
          pending.stored(key);
        if (!stored) {
          if (!values.has('created_at')) values.set('created_at', now);
          if (!values.has('updated_at')) values.set('updated_at', values.get('created_at')!);
          if (customer.id !== undefined) {
            values.set('entity_id' as Column, customer.id);
            explicitIds = true;
          }
          pending.add(key, values);
          if (pending.full) await pending.flush(tx);
          outcomes.push('imported');
          continue;
        }
        if (!changed(stored, values)) {
          outcomes.push('unchanged');
          continue;
        }
        // Every column the row carries, not just the changed ones: a few UPDATE texts in all, so the driver's
        // prepared statements stay few however the rows differ.
        if (keepsStoredHash(stored)) values.delete('password_hash');
        await tx.run(updateSql([...values.keys()]), [...values.values(), stored.entity_id]);
        for (const [column, value] of values) stored[column] = value;
        found.byKey.set(key, stored);
        outcomes.push('updated');
      }
      await pending.flush(tx);
      // PostgreSQL's identity does not move past ids inserted explicitly; the next sign-up would collide.
      if (explicitIds && this.db.dialect === 'postgres') {
        await tx.get(
          `SELECT setval(pg_get_serial_sequence('customer_entity', 'entity_id'),
             (SELECT MAX(entity_id) FROM customer_entity))`,
        );
      }
      return outcomes;
    });
  }

  /** A transaction, or for a dry run one that does all the work and is then rolled back. */
  private async transaction<T>(dryRun: boolean | undefined, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    if (!dryRun) return this.db.transaction(work);
    let answer: T | undefined;
    try {
      await this.db.transaction(async (tx) => {
        answer = await work(tx);
        throw ROLL_BACK;
      });
    } catch (error) {
      if (error !== ROLL_BACK) throw error;
    }
    return answer as T;
  }

  /** The stored customers the batch names, found in one query per website (and one for explicit ids). */
  private async lookUp(tx: SqlExecutor, batch: readonly ImportedCustomer[]) {
    const byKey = new Map<string, Stored>();
    const byId = new Map<number, Stored>();
    const keysPerWebsite = new Map<number, Set<string>>();
    const ids: number[] = [];
    for (const customer of batch) {
      if (customer.id !== undefined) ids.push(customer.id);
      const keys = keysPerWebsite.get(customer.website_id) ?? new Set<string>();
      keys.add(emailKey(customer.email));
      keysPerWebsite.set(customer.website_id, keys);
    }
    for (const [websiteId, keys] of keysPerWebsite) {
      const rows = await tx.all<Stored>(
        `SELECT ${SELECTED} FROM customer_entity WHERE website_id = ? AND email_key IN (${placeholders(keys.size)})`,
        [websiteId, ...keys],
      );
      for (const row of rows) byKey.set(`${row.website_id}\n${row.email_key}`, row);
    }
    if (ids.length > 0) {
      const rows = await tx.all<Stored>(
        `SELECT ${SELECTED} FROM customer_entity WHERE entity_id IN (${placeholders(ids.length)})`,
        ids,
      );
      for (const row of rows) byId.set(row.entity_id, row);
    }
    return { byKey, byId };
  }

  async groupIds(): Promise<number[]> {
    const rows = await this.db.all<{ id: number }>('SELECT customer_group_id AS id FROM customer_group');
    return rows.map((row) => Number(row.id));
  }

  upsertAddresses(batch: readonly ImportedAddress[], { dryRun }: UpsertOptions): Promise<AddressOutcome[]> {
    return this.transaction(dryRun, async (tx) => {
      const outcomes: AddressOutcome[] = [];
      // Addresses of one customer usually follow each other: read and write the customer once per run of rows.
      const customers = new Map<string, AddressOwner | null>();
      for (const address of batch) {
        const key = address.customer_id !== undefined ? `#${address.customer_id}` : customerKey(address);
        let owner = customers.get(key);
        if (owner === undefined) {
          owner = await findOwner(tx, address);
          customers.set(key, owner);
        }
        outcomes.push(owner ? placeAddress(owner, address) : 'no-customer');
      }
      // The customer's updated_at stays the export's: Magento dates an address change on the address, and
      // a second run must find the customer unchanged.
      for (const owner of customers.values()) {
        if (!owner?.dirty) continue;
        await tx.run(
          'UPDATE customer_entity SET addresses = ?, default_billing = ?, default_shipping = ? WHERE entity_id = ?',
          [JSON.stringify(owner.addresses), owner.default_billing, owner.default_shipping, owner.entity_id],
        );
      }
      return outcomes;
    });
  }
}

function customerKey(row: { website_id: number; email: string }): string {
  return `${row.website_id}\n${emailKey(row.email)}`;
}

interface AddressOwner {
  entity_id: number;
  addresses: AddressData[];
  default_billing: string | null;
  default_shipping: string | null;
  dirty: boolean;
}

async function findOwner(tx: SqlExecutor, address: ImportedAddress): Promise<AddressOwner | null> {
  const columns = 'entity_id, addresses, default_billing, default_shipping';
  const row =
    address.customer_id !== undefined
      ? await tx.get<{ entity_id: number; addresses: string } & Omit<AddressOwner, 'addresses' | 'dirty'>>(
          `SELECT ${columns} FROM customer_entity WHERE entity_id = ?`,
          [address.customer_id],
        )
      : await tx.get<{ entity_id: number; addresses: string } & Omit<AddressOwner, 'addresses' | 'dirty'>>(
          `SELECT ${columns} FROM customer_entity WHERE website_id = ? AND email_key = ?`,
          [address.website_id, emailKey(address.email)],
        );
  if (!row) return null;
  return { ...row, addresses: readJsonList<AddressData>(row.addresses), dirty: false };
}

/** Adds or replaces the address on its owner (in memory) and answers what that did. */
function placeAddress(owner: AddressOwner, address: ImportedAddress): UpsertOutcome {
  const data = addressData(owner.entity_id, address);
  const index = owner.addresses.findIndex((existing) => existing.id === address.id);
  const id = String(address.id);
  const billing = address.default_billing ? id : owner.default_billing === id ? null : owner.default_billing;
  const shipping = address.default_shipping ? id : owner.default_shipping === id ? null : owner.default_shipping;
  const sameDefaults = billing === owner.default_billing && shipping === owner.default_shipping;
  if (index >= 0 && JSON.stringify(owner.addresses[index]) === JSON.stringify(data) && sameDefaults) {
    return 'unchanged';
  }
  if (index >= 0) owner.addresses[index] = data;
  else owner.addresses.push(data);
  owner.default_billing = billing;
  owner.default_shipping = shipping;
  owner.dirty = true;
  return index >= 0 ? 'updated' : 'imported';
}

/** The address as Magento's REST API shows it (`AddressInterface`), empty values left out. */
function addressData(customerId: number, address: ImportedAddress): AddressData {
  const region: Record<string, unknown> = { region_code: null, region: address.region, region_id: address.region_id };
  const data: Record<string, unknown> = {
    id: address.id,
    customer_id: customerId,
    region: Object.fromEntries(Object.entries(region).filter(([, value]) => value !== null)),
    region_id: address.region_id,
    country_id: address.country_id,
    street: address.street,
    company: address.company,
    telephone: address.telephone,
    fax: address.fax,
    postcode: address.postcode,
    city: address.city,
    firstname: address.firstname,
    lastname: address.lastname,
    middlename: address.middlename,
    prefix: address.prefix,
    suffix: address.suffix,
    vat_id: address.vat_id,
  };
  if (address.default_billing) data.default_billing = true;
  if (address.default_shipping) data.default_shipping = true;
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value !== null)) as AddressData;
}
