import { ATTRIBUTE_MESSAGES, AppError } from '../errors.ts';
import type { CustomerProfile } from './customer-store.ts';
import type { StoreDirectory } from './store-directory.ts';
import { readJsonList, type AddressData } from './customer-data.ts';
import type { CustomerInput } from './customer-input.ts';
import { isEmailAddress } from './text-rules.ts';

const DATE_SHAPE = /^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$/;

/** A new customer's profile before the client's fields are laid over it. */
export function blankProfile(place: {
  websiteId: number;
  storeId: number;
  groupId: number;
  createdIn: string | null;
  updatedAt: string;
}): CustomerProfile {
  return {
    website_id: place.websiteId,
    store_id: place.storeId,
    group_id: place.groupId,
    email: '',
    firstname: '',
    lastname: '',
    middlename: null,
    prefix: null,
    suffix: null,
    dob: null,
    gender: null,
    taxvat: null,
    created_in: place.createdIn,
    default_billing: null,
    default_shipping: null,
    disable_auto_group_change: 0,
    is_subscribed: 0,
    addresses: '[]',
    custom_attributes: '[]',
    updated_at: place.updatedAt,
  };
}

const NULLABLE_TEXT = [
  'middlename',
  'prefix',
  'suffix',
  'dob',
  'taxvat',
  'default_billing',
  'default_shipping',
] as const;

/**
 * Lays the client's fields over a base profile. With `replace`, fields the client left out are cleared, as
 * Magento's full save does for `PUT /V1/customers/me`; otherwise they keep their stored values.
 */
export function applyCustomerInput(
  base: CustomerProfile,
  input: CustomerInput,
  options: { replace: boolean; updatedAt: string },
): CustomerProfile {
  const next: CustomerProfile = { ...base, updated_at: options.updatedAt };
  if (options.replace) {
    next.email = '';
    next.firstname = '';
    next.lastname = '';
    next.gender = null;
    for (const field of NULLABLE_TEXT) next[field] = null;
  }
  const text = (value: unknown): string | null => (value === null || value === undefined ? null : (value as string));
  for (const field of ['email', 'firstname', 'lastname'] as const) {
    if (input[field] !== undefined) next[field] = text(input[field]) ?? '';
  }
  for (const field of NULLABLE_TEXT) if (input[field] !== undefined) next[field] = text(input[field]);
  if (input.created_in !== undefined) next.created_in = text(input.created_in);
  for (const field of ['website_id', 'store_id', 'group_id', 'disable_auto_group_change'] as const) {
    if (input[field] !== undefined && input[field] !== null) next[field] = input[field] as number;
  }
  if (input.gender !== undefined) next.gender = (input.gender as number | null) ?? null;
  const extension = input.extension_attributes as { is_subscribed?: boolean } | null | undefined;
  if (extension?.is_subscribed !== undefined) next.is_subscribed = extension.is_subscribed ? 1 : 0;
  if (Array.isArray(input.custom_attributes)) next.custom_attributes = JSON.stringify(input.custom_attributes);
  if (Array.isArray(input.addresses)) applyAddresses(next, input.addresses as Record<string, unknown>[], base);
  return next;
}

/** Gives each address an id (keeping the ids it already had) and points the default ids at the flagged ones. */
function applyAddresses(next: CustomerProfile, addresses: Record<string, unknown>[], base: CustomerProfile): void {
  const known = new Set(readJsonList<AddressData>(base.addresses).map((address) => address.id));
  let nextId = Math.max(0, ...known) + 1;
  const stored: Record<string, unknown>[] = addresses.map((address) => {
    const id = typeof address.id === 'number' && known.has(address.id) ? address.id : nextId++;
    return { ...address, id };
  });
  for (const address of stored) {
    if (address.default_billing === true) next.default_billing = String(address.id);
    if (address.default_shipping === true) next.default_shipping = String(address.id);
  }
  next.addresses = JSON.stringify(stored);
}

/** The checks Magento's resource model and attribute validators run on save, in their order. */
export function validateProfile(profile: CustomerProfile, directory: StoreDirectory, today: string): void {
  if (profile.email.trim() === '') throw new AppError('emailMissing');
  // The admin website and store hold no customers: an account there could never use its own routes.
  if (profile.website_id === 0) throw new AppError('invalidFieldValue', { fieldName: 'website_id' });
  if (profile.store_id === 0) throw new AppError('invalidFieldValue', { fieldName: 'store_id' });
  const store = directory.views.find((view) => view.id === profile.store_id);
  if (!store || store.website_id !== profile.website_id) throw new AppError('storeNotInWebsite');
  const addressIds = new Set(readJsonList<AddressData>(profile.addresses).map((address) => String(address.id)));
  for (const field of ['default_billing', 'default_shipping'] as const) {
    if (profile[field] !== null && !addressIds.has(profile[field]!))
      throw new AppError('invalidFieldValue', { fieldName: field });
  }
  const messages: string[] = [];
  if (profile.firstname.trim() === '') messages.push(ATTRIBUTE_MESSAGES.firstnameRequired);
  if (profile.lastname.trim() === '') messages.push(ATTRIBUTE_MESSAGES.lastnameRequired);
  if (!isEmailAddress(profile.email)) messages.push(ATTRIBUTE_MESSAGES.emailInvalid);
  if (profile.dob !== null) {
    if (!DATE_SHAPE.test(profile.dob)) messages.push(ATTRIBUTE_MESSAGES.dobInvalid);
    else if (profile.dob.slice(0, 10) > today) messages.push(ATTRIBUTE_MESSAGES.dobInFuture);
  }
  if (messages.length > 0) throw new AppError('attributeInvalid', [messages.join('\n')]);
}
