// One row of Magento's "Customer Addresses" export (reference B.1.2) as an ImportedAddress, or the reason it
// cannot be one. The customer is named by (`_website`, `_email`), as in the main file.
import type { StoreDirectory } from '../accounts/store-directory.ts';
import { isEmailAddress } from '../accounts/text-rules.ts';
import type { ImportedAddress } from './customer-import-store.ts';
import type { Columns } from './magento-columns.ts';
import type { RowResult } from './magento-customer-csv.ts';
import { orNull, readWhole } from './magento-values.ts';
import { createSiteMap } from './site-map.ts';

/** The columns without which a file is not an address export. */
export const ADDRESS_COLUMNS = ['_website', '_email', '_entity_id'] as const;

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** Reads address rows against a site map built once from the directory. */
export function addressRowReader(directory: StoreDirectory, columns: Columns) {
  const sites = createSiteMap(directory);
  return (record: readonly string[]): RowResult<ImportedAddress> => {
    const get = (name: string) => columns.value(record, name) ?? '';
    if (record.length !== columns.width) return refuse(`${record.length} fields where the header has ${columns.width}`);
    const email = get('_email').trim();
    if (!isEmailAddress(email)) return refuse('not a valid e-mail address');
    const websiteId = sites.websiteId(get('_website'));
    if (websiteId === undefined) return refuse(`unknown website code "${get('_website')}"`);
    const id = readWhole(get('_entity_id'));
    if (id === undefined || id === 0) return refuse('_entity_id is not an address id');
    const countryId = get('country_id').trim().toUpperCase();
    if (!/^[A-Z]{2}$/.test(countryId)) return refuse('country_id is not a two-letter country code');
    const regionId = get('region_id') === '' ? null : readWhole(get('region_id'));
    if (regionId === undefined) return refuse('region_id is not a number');
    // Street lines are joined with a line break inside one quoted field; Windows tools may add \r.
    const street = get('street')
      .split(/\r?\n/)
      .filter((line) => line !== '');
    if (street.length === 0 || get('city') === '' || get('firstname') === '' || get('lastname') === '') {
      return refuse('street, city, firstname and lastname are required');
    }
    return {
      ok: true,
      value: {
        id,
        website_id: websiteId,
        email,
        firstname: get('firstname'),
        lastname: get('lastname'),
        middlename: orNull(get('middlename')),
        prefix: orNull(get('prefix')),
        suffix: orNull(get('suffix')),
        company: orNull(get('company')),
        street,
        city: get('city'),
        postcode: orNull(get('postcode')),
        country_id: countryId,
        region: orNull(get('region')),
        region_id: regionId,
        telephone: orNull(get('telephone')),
        fax: orNull(get('fax')),
        vat_id: orNull(get('vat_id')),
        default_billing: get('_address_default_billing_') === '1',
        default_shipping: get('_address_default_shipping_') === '1',
      },
    };
  };
}
