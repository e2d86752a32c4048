// Magento's rows, as mysql2 answers them (dates as UTC text), turned into the importer's records.
import type { MagentoAddress, MagentoCustomer, MagentoToken } from '../import/magento-source.ts';

/** A row as mysql2 answers it. */
export type Row = Record<string, unknown>;

/** Magento's `TIMESTAMP` text, read in UTC, as epoch milliseconds. */
export function epochMs(value: unknown): number | null {
  if (value === null || value === undefined || value === '' || String(value).startsWith('0000')) return null;
  const ms = Date.parse(`${String(value).replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/** Text, or null for NULL. */
export const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
/** A number, or null for NULL. */
export const int = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/** A `customer_entity` row. */
export const toCustomer = (r: Row): MagentoCustomer => ({
  id: Number(r.entity_id),
  websiteId: Number(r.website_id ?? 0),
  storeId: Number(r.store_id ?? 0),
  groupId: Number(r.group_id),
  email: String(r.email ?? ''),
  firstname: String(r.firstname ?? ''),
  lastname: String(r.lastname ?? ''),
  middlename: text(r.middlename),
  prefix: text(r.prefix),
  suffix: text(r.suffix),
  dob: text(r.dob),
  gender: int(r.gender),
  taxvat: text(r.taxvat),
  createdIn: text(r.created_in),
  disableAutoGroupChange: Number(r.disable_auto_group_change ?? 0),
  passwordHash: text(r.password_hash),
  isActive: Number(r.is_active) === 1,
  failuresNum: Number(r.failures_num ?? 0),
  lockExpires: epochMs(r.lock_expires),
  defaultBilling: int(r.default_billing),
  defaultShipping: int(r.default_shipping),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
});
/** A `customer_address_entity` row. */
export const toAddress = (r: Row): MagentoAddress => ({
  id: Number(r.entity_id),
  customerId: Number(r.parent_id),
  firstname: String(r.firstname ?? ''),
  lastname: String(r.lastname ?? ''),
  middlename: text(r.middlename),
  prefix: text(r.prefix),
  suffix: text(r.suffix),
  company: text(r.company),
  street: String(r.street ?? ''),
  city: String(r.city ?? ''),
  postcode: text(r.postcode),
  countryId: String(r.country_id ?? ''),
  region: text(r.region),
  regionId: int(r.region_id),
  telephone: text(r.telephone),
  fax: text(r.fax),
  vatId: text(r.vat_id),
});
/** An `oauth_token` row. */
export const toToken = (r: Row): MagentoToken => ({
  id: Number(r.entity_id),
  consumerId: int(r.consumer_id),
  adminId: int(r.admin_id),
  customerId: int(r.customer_id),
  token: String(r.token),
  secret: String(r.secret ?? ''),
  revoked: Number(r.revoked) !== 0,
  userType: int(r.user_type),
  createdAt: epochMs(r.created_at) ?? 0,
});
