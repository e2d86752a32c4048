import { share } from '../codecs/shared-values.ts';
import type { CustomerRecord } from './customer-store.ts';

/** A customer address as it travels in `addresses`. */
export type AddressData = Record<string, unknown> & { id: number; customer_id: number };

/** Parses a JSON column that Keyway itself wrote; a damaged value reads as empty rather than failing a request. */
export function readJsonList<T>(text: string): T[] {
  if (text === '[]') return [];
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? (value as T[]) : [];
  } catch {
    return [];
  }
}

/**
 * The customer as Magento's REST API shows it: keys in `CustomerInterface` getter order, optional values left
 * out when empty, `addresses` always present, `custom_attributes` only when there are some.
 */
export function toCustomerData(row: CustomerRecord): Record<string, unknown> {
  const data: Record<string, unknown> = { id: row.entity_id, group_id: row.group_id };
  if (row.default_billing !== null) data.default_billing = row.default_billing;
  if (row.default_shipping !== null) data.default_shipping = row.default_shipping;
  data.created_at = row.created_at;
  data.updated_at = row.updated_at;
  if (row.created_in !== null) data.created_in = row.created_in;
  if (row.dob !== null) data.dob = row.dob;
  data.email = row.email;
  data.firstname = row.firstname;
  data.lastname = row.lastname;
  if (row.middlename !== null) data.middlename = row.middlename;
  if (row.prefix !== null) data.prefix = row.prefix;
  if (row.suffix !== null) data.suffix = row.suffix;
  if (row.gender !== null) data.gender = row.gender;
  data.store_id = row.store_id;
  if (row.taxvat !== null) data.taxvat = row.taxvat;
  data.website_id = row.website_id;
  data.addresses = readJsonList<AddressData>(row.addresses);
  data.disable_auto_group_change = row.disable_auto_group_change;
  data.extension_attributes = { is_subscribed: row.is_subscribed === 1 };
  const customAttributes = readJsonList<unknown>(row.custom_attributes);
  if (customAttributes.length > 0) data.custom_attributes = customAttributes;
  return data;
}

const sharedData = new WeakMap<CustomerRecord, Record<string, unknown>>();

/**
 * The customer data of a record the caches hold, made once per record and shared (frozen) by every request
 * that reads it. A record the caches hold never changes: a write replaces it, so its data is made afresh.
 */
export function heldCustomerData(row: CustomerRecord): Record<string, unknown> {
  let data = sharedData.get(row);
  if (data === undefined) {
    data = share(toCustomerData(row));
    sharedData.set(row, data);
  }
  return data;
}
