// One row of Magento's "Customers Main File" export (reference B.1.1) as an ImportedCustomer, or the reason
// it cannot be one. Pure: the site map comes in, nothing is read or written here.
import type { StoreDirectory } from '../accounts/store-directory.ts';
import { isEmailAddress } from '../accounts/text-rules.ts';
import { isReadableMagentoHash } from '../auth/magento-hash.ts';
import type { ImportedCustomer } from './customer-import-store.ts';
import type { Columns } from './magento-columns.ts';
import { orNull, readDate, readGender, readTimestamp, readWhole } from './magento-values.ts';
import { type SiteMap, createSiteMap } from './site-map.ts';

/** The columns without which a file is not a customer export. */
export const CUSTOMER_COLUMNS = ['email', '_website'] as const;

export type RowResult<T> = { ok: true; value: T } | { ok: false; reason: string };

const refuse = (reason: string): { ok: false; reason: string } => ({ ok: false, reason });

/** Reads customer rows against a site map built once from the directory, and the customer groups Keyway has. */
export function customerRowReader(directory: StoreDirectory, groupIds: ReadonlySet<number>, columns: Columns) {
  const sites: SiteMap = createSiteMap(directory);
  return (record: readonly string[]): RowResult<ImportedCustomer> => {
    const get = (name: string) => columns.value(record, name) ?? '';
    if (record.length !== columns.width) return refuse(`${record.length} fields where the header has ${columns.width}`);

    const email = get('email').trim();
    if (!isEmailAddress(email)) return refuse('not a valid e-mail address');
    const websiteId = sites.websiteId(get('_website'));
    if (websiteId === undefined) return refuse(`unknown website code "${get('_website')}"`);
    const storeId = sites.storeId(get('_store'), websiteId);
    if (storeId === undefined) return refuse(`unknown store code "${get('_store')}" for this website`);
    const groupId = get('group_id') === '' ? 1 : readWhole(get('group_id'));
    if (groupId === undefined) return refuse('group_id is not a number');
    if (!groupIds.has(groupId)) return refuse(`no customer group ${groupId} in Keyway`);
    const firstname = get('firstname');
    const lastname = get('lastname');
    if (firstname === '' || lastname === '') return refuse('firstname and lastname are required');

    const dob = get('dob') === '' ? null : readDate(get('dob'));
    if (dob === null && get('dob') !== '') return refuse('dob is not a date');
    const gender = get('gender') === '' ? null : readGender(get('gender'));
    if (gender === undefined) return refuse(`unknown gender "${get('gender')}"`);
    const createdAt = get('created_at') === '' ? undefined : readTimestamp(get('created_at'));
    const updatedAt = get('updated_at') === '' ? createdAt : readTimestamp(get('updated_at'));
    if (createdAt === null || updatedAt === null) return refuse('created_at or updated_at is not a date and time');

    // The hash itself never goes into a reason: reports and logs are read by people who must not have it.
    const hash = orNull(get('password_hash'));
    if (hash !== null && !isReadableMagentoHash(hash))
      return refuse('password_hash is not a Magento hash Keyway can read');
    // On an import into Magento this column is a plain-text password; an export leaves it empty. Keyway
    // does not hash plain text from a file, and does not want it lying around in one.
    if (get('password') !== '') return refuse('the password column holds plain text; leave it empty');

    return {
      ok: true,
      value: {
        website_id: websiteId,
        store_id: storeId,
        group_id: groupId,
        email,
        firstname,
        lastname,
        middlename: orNull(get('middlename')),
        prefix: orNull(get('prefix')),
        suffix: orNull(get('suffix')),
        dob,
        gender,
        taxvat: orNull(get('taxvat')),
        created_in: orNull(get('created_in')),
        disable_auto_group_change: get('disable_auto_group_change') === '1' ? 1 : 0,
        created_at: createdAt,
        updated_at: updatedAt,
        password_hash: hash,
      },
    };
  };
}
