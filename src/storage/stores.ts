import type { AdminStore } from '../accounts/admin-store.ts';
import type { CustomerStore } from '../accounts/customer-store.ts';
import type { CustomerImportStore } from '../import/customer-import-store.ts';
import type { StoreDirectory } from '../accounts/store-directory.ts';
import type { SignInOpeningStore } from '../auth/sign-in-opening.ts';
import type { ThrottleStore } from '../auth/throttle-store.ts';
import type { TokenStore } from '../auth/token-store.ts';
import type { UserFactsStore } from '../auth/jwt/user-facts.ts';
import type { SettingsStore } from '../config/settings-store.ts';
import type { KeyCheckStore } from '../crypto/key-check-store.ts';
import type { IntegrationStore, IntegrationStoreContext } from '../integrations/integration-store.ts';
import type { TfaStore } from '../tfa/tfa-store.ts';
import { SqlAdminStore } from './admin-store.ts';
import { SqlCustomerImportStore } from './customer-import-store.ts';
import { SqlCustomerStore } from './customer-store.ts';
import { SqlIntegrationStore } from './integration-store.ts';
import { SqlKeyCheckStore } from './key-check-store.ts';
import { migrate } from './migrations.ts';
import { openDatabase } from './open-database.ts';
import { SqlSettingsStore } from './settings-store.ts';
import { SqlTfaStore } from './tfa-store.ts';
import type { SqlDriver } from './sql/sql-driver.ts';
import { loadStoreDirectory } from './store-directory.ts';
import { SqlSignInOpeningStore } from './sign-in-opening-store.ts';
import { SqlThrottleStore } from './throttle-store.ts';
import { SqlTokenStore } from './token-store.ts';
import { SqlUserFactsStore } from './user-facts-store.ts';

/** Every store Keyway uses, over one database. Whoever opens it closes it, with `driver.close()`. */
export interface Stores {
  driver: SqlDriver;
  tokens: TokenStore;
  throttle: ThrottleStore;
  /** A sign-in's throttle checks and account lookup together. */
  signIn: SignInOpeningStore;
  customers: CustomerStore;
  /** Customers and addresses arriving from a Magento export or database, in batches. */
  customerImport: CustomerImportStore;
  admins: AdminStore;
  settings: SettingsStore;
  directory: StoreDirectory;
  keyCheck: KeyCheckStore;
  /**
   * The integration store over the same database. A factory, since it needs Keyway's key for the secrets it
   * keeps, and the key is proved against the database only after the stores are open.
   */
  integrations(context: IntegrationStoreContext): IntegrationStore;
  /** Magento's `jwt_auth_revoked`, read with the user facts recordless JWTs need. */
  userFacts: UserFactsStore;
  tfa: TfaStore;
}

/** Opens the database a URL names, brings its schema up to date and builds the stores over it. */
export async function openStores(databaseUrl: string): Promise<Stores> {
  const driver = openDatabase(databaseUrl);
  try {
    await migrate(driver);
    const throttle = new SqlThrottleStore(driver.bookkeeping());
    const customers = new SqlCustomerStore(driver);
    const admins = new SqlAdminStore(driver);
    return {
      driver,
      tokens: new SqlTokenStore(driver),
      throttle,
      signIn: new SqlSignInOpeningStore(throttle, customers, admins),
      customers,
      customerImport: new SqlCustomerImportStore(driver),
      admins,
      settings: new SqlSettingsStore(driver),
      directory: await loadStoreDirectory(driver),
      keyCheck: new SqlKeyCheckStore(driver),
      integrations: (context) => new SqlIntegrationStore(driver, context),
      userFacts: new SqlUserFactsStore(driver),
      tfa: new SqlTfaStore(driver),
    };
  } catch (error) {
    await driver.close().catch(() => {});
    throw error;
  }
}
