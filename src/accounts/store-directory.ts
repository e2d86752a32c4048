/** A store view: what a store code in the URL names. */
export interface StoreView {
  id: number;
  code: string;
  name: string;
  website_id: number;
  store_group_id: number;
  is_active: number;
}

/** A store group, between a website and its store views. */
export interface StoreGroup {
  id: number;
  website_id: number;
  root_category_id: number;
  default_store_id: number;
  name: string;
  code: string;
}

/** A website: customer accounts are kept apart per website. */
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
