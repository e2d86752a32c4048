import type { StoreDirectory, StoreGroup, StoreView, Website } from '../accounts/store-directory.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

/** Reads the store directory once; the answer is frozen. */
export async function loadStoreDirectory(db: SqlDriver): Promise<StoreDirectory> {
  const [views, groups, websites] = await Promise.all([
    db.all<StoreView>(
      'SELECT store_id AS id, code, name, website_id, group_id AS store_group_id, is_active FROM store ORDER BY store_id',
    ),
    db.all<StoreGroup>(
      `SELECT group_id AS id, website_id, root_category_id, default_store_id, name, code
       FROM store_group ORDER BY group_id`,
    ),
    db.all<Website>('SELECT website_id AS id, code, name, default_group_id FROM store_website ORDER BY website_id'),
  ]);
  return Object.freeze({
    views: Object.freeze(views),
    groups: Object.freeze(groups),
    websites: Object.freeze(websites),
  });
}
