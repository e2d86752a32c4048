import type { SqlDriver } from './sql/sql-driver.ts';

export interface StoreView {
  id: number;
  code: string;
  name: string;
  website_id: number;
  store_group_id: number;
  is_active: number;
}
export interface StoreGroup {
  id: number;
  website_id: number;
  root_category_id: number;
  default_store_id: number;
  name: string;
  code: string;
}
export interface Website {
  id: number;
  code: string;
  name: string;
  default_group_id: number;
}

/** Websites, store groups and store views; read once at start, since they change only by migration. */
export interface StoreDirectory {
  views: readonly StoreView[];
  groups: readonly StoreGroup[];
  websites: readonly Website[];
}

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
