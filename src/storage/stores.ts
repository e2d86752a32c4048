import { createSqlAdminStore, type AdminStore } from './admin-store.ts';
import { createSqlCustomerStore, type CustomerStore } from './customer-store.ts';
import { migrate } from './migrations.ts';
import { openDatabase } from './open-database.ts';
import { createSqlSettingsStore, type SettingsStore } from './settings-store.ts';
import type { SqlDriver } from './sql/sql-driver.ts';
import { loadStoreDirectory, type StoreDirectory } from './store-directory.ts';
import { createSqlThrottleStore, type ThrottleStore } from './throttle-store.ts';
import { createSqlTokenStore, type TokenStore } from './token-store.ts';

/** Every store Keyway uses, over one database. */
export interface Stores {
  driver: SqlDriver;
  tokens: TokenStore;
  throttle: ThrottleStore;
  customers: CustomerStore;
  admins: AdminStore;
  settings: SettingsStore;
  directory: StoreDirectory;
}

/** Opens the database a URL names, brings its schema up to date and builds the stores over it. */
export async function openStores(databaseUrl: string): Promise<Stores> {
  const driver = openDatabase(databaseUrl);
  try {
    await migrate(driver);
    return {
      driver,
      tokens: createSqlTokenStore(driver),
      throttle: createSqlThrottleStore(driver),
      customers: createSqlCustomerStore(driver),
      admins: createSqlAdminStore(driver),
      settings: createSqlSettingsStore(driver),
      directory: await loadStoreDirectory(driver),
    };
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
}
