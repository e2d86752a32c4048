// Magento rows as the records Keyway's import stores take.
import type { ImportedAddress, ImportedCustomer } from './customer-import-store.ts';
import type { MagentoAddress, MagentoAdmin, MagentoCustomer } from './magento-source.ts';
import type { ImportedAdmin } from './magento-target.ts';

const blankToNull = (value: string | null): string | null => (value === null || value === '' ? null : value);

/** A customer with its id kept, so tokens that name it still mean it. */
export function toImportedCustomer(c: MagentoCustomer): ImportedCustomer {
  return {
    id: c.id,
    website_id: c.websiteId,
    store_id: c.storeId,
    group_id: c.groupId,
    email: c.email,
    firstname: c.firstname,
    lastname: c.lastname,
    middlename: blankToNull(c.middlename),
    prefix: blankToNull(c.prefix),
    suffix: blankToNull(c.suffix),
    dob: blankToNull(c.dob),
    gender: c.gender === 0 ? null : c.gender,
    taxvat: blankToNull(c.taxvat),
    created_in: c.createdIn,
    disable_auto_group_change: c.disableAutoGroupChange,
    created_at: c.createdAt,
    // updated_at is left to Keyway: writing an address stamps it with the import's time, so Magento's value would
    // make every later run see a change that is not one.
    is_active: c.isActive ? 1 : 0,
    password_hash: blankToNull(c.passwordHash),
    lock_expires: c.lockExpires,
    failures_num: c.failuresNum,
  };
}

export function toImportedAddress(a: MagentoAddress, owner: MagentoCustomer): ImportedAddress {
  return {
    id: a.id,
    customer_id: owner.id,
    website_id: owner.websiteId,
    email: owner.email,
    firstname: a.firstname,
    lastname: a.lastname,
    middlename: blankToNull(a.middlename),
    prefix: blankToNull(a.prefix),
    suffix: blankToNull(a.suffix),
    company: blankToNull(a.company),
    street: a.street.split('\n'),
    city: a.city,
    postcode: blankToNull(a.postcode),
    country_id: a.countryId,
    region: blankToNull(a.region),
    region_id: a.regionId,
    telephone: blankToNull(a.telephone),
    fax: blankToNull(a.fax),
    vat_id: blankToNull(a.vatId),
    default_billing: owner.defaultBilling === a.id,
    default_shipping: owner.defaultShipping === a.id,
  };
}

export function toImportedAdmin(a: MagentoAdmin, roleId: number): ImportedAdmin {
  return {
    id: a.id,
    username: a.username,
    email: a.email,
    firstname: a.firstname,
    lastname: a.lastname,
    passwordHash: a.passwordHash,
    isActive: a.isActive,
    roleId,
    createdAt: a.createdAt,
    updatedAt: a.updatedAt,
  };
}
