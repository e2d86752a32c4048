import { readdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AdminService } from './accounts/admin-service.ts';
import { CustomerService } from './accounts/customer-service.ts';
import { customerServices } from './api/customer-api.ts';
import { integrationServices } from './api/integration-api.ts';
import { integrationManagementServices } from './api/integrations-api.ts';
import { serviceKey, type ServiceMethod, type ServiceRegistry } from './api/service-method.ts';
import { storeServices } from './api/store-api.ts';
import { googleServices, tfaServices } from './api/tfa-api.ts';
import { tokenManagementServices } from './api/token-management-api.ts';
import { AuthEventHub } from './auth/auth-events.ts';
import { LoginService } from './auth/login-service.ts';
import { createArgon2idHasher, OWASP_ARGON2ID, type PasswordHasher } from './auth/password-hasher.ts';
import { RoleResources } from './auth/role-resources.ts';
import { TokenService } from './auth/token-service.ts';
import { systemClock, type Clock } from './clock.ts';
import { Settings } from './config/settings.ts';
import { createSecretBox, loadKeyList, verifyKeyList, type KeyList, type SecretBox } from './crypto/index.ts';
import type { IntegrationStore } from './integrations/integration-store.ts';
import { IntegrationService } from './integrations/integration-service.ts';
import { oauthSettingsOf } from './integrations/oauth-settings.ts';
import type { PostToConsumer } from './integrations/post-to-consumer.ts';
import { silentLogger, type Logger } from './logger.ts';
import { CachedCustomerStore } from './storage/cache/cached-customer-store.ts';
import { createTokenCaches } from './storage/cache/create-token-caches.ts';
import { openStores, type Stores } from './storage/stores.ts';
import { loadAclXml, loadWebapiXml, validateRoutes, type AclTree, type Route } from './webapi/index.ts';
import { GoogleService } from './tfa/google-service.ts';
import { createSmtpMailer } from './tfa/mailer.ts';
import { TfaService } from './tfa/tfa-service.ts';
import { createRouteTable, type RouteTable } from './webapi/route-table.ts';

/** The project's own route and ACL files, in Magento's per-module layout. */
export const BUILT_IN_CONFIG_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'etc');

export interface KeywayOptions {
  /** The database Keyway opens, brings up to date and closes: `sqlite:PATH` or `postgres://...`. */
  databaseUrl?: string;
  /** Stores the caller opened instead (`openStores`); Keyway uses them and leaves closing them to the caller. */
  stores?: Stores;
  hasher?: PasswordHasher;
  /**
   * Hash on threads of lower CPU priority, so a server's requests and database win a contended core
   * (`auth/argon2-threads.ts`). The server sets it; a one-off command hashes at its own priority.
   */
  hashInBackground?: boolean;
  clock?: Clock;
  logger?: Logger;
  /** More folders of `<Module>/webapi.xml` and `<Module>/acl.xml` files, loaded after the built-in ones. */
  configDirs?: readonly string[];
  /** Redis for the shared token cache and the revocation broadcast; optional. */
  redisUrl?: string;
  /** Listen for other nodes' revocations (a server does; a one-off command only publishes). Default true. */
  subscribe?: boolean;
  /** Service methods for routes those extra files declare, keyed `Class::method`. */
  extraServices?: Readonly<Record<string, ServiceMethod>>;
  /**
   * The key list that encrypts stored secrets (and, like Magento's `crypt/key`, may hold older keys before the
   * current last one). By default read from `CRYPT_KEY` or `CRYPT_KEY_FILE`, else generated into `var/keyway.key`.
   */
  keys?: KeyList;
  /** How activation POSTs an integration's credentials to its endpoint; Node's fetch by default. */
  postToConsumer?: PostToConsumer;
  /** The SMTP server two-factor configuration e-mail goes through (`SMTP_URL`); none means no mail is sent. */
  smtpUrl?: string;
}

/** Where Keyway's data lives: exactly one of a database to open or stores already open. */
export type KeywayStorage = { databaseUrl: string } | { stores: Stores };

/** Everything behind the HTTP layer, wired once: used by the server, the CLI and the tests alike. */
export interface Keyway {
  stores: Stores;
  /** Sign-in and token events, for whoever watches (the metrics). */
  authEvents: AuthEventHub;
  settings: Settings;
  clock: Clock;
  logger: Logger;
  hasher: PasswordHasher;
  /** Keyway's key list: the last key is current; the database holds its check value. */
  keys: KeyList;
  /** Encrypts and decrypts secrets kept at rest (integration secrets, two-factor secrets). */
  secrets: SecretBox;
  tokens: TokenService;
  login: LoginService;
  customers: CustomerService;
  admins: AdminService;
  /** Integrations: create, edit, activate, reauthorize, delete. */
  integrations: IntegrationService;
  /**
   * The integration store, which is also the `OAuthPorts` of the OAuth checks and holds the handshake
   * mutations (`issueRequestToken`, `issueAccessToken`, `findActiveIntegrationByConsumerId`).
   */
  integrationStore: IntegrationStore;
  acl: AclTree;
  routes: RouteTable;
  services: ServiceRegistry;
  /** Two-factor authentication: forced providers, configuration tokens, codes. */
  tfa: TfaService;
  close(): Promise<void>;
}

/** Lists `<dir>/<Module>/<name>` files in module order. */
function moduleFiles(dirs: readonly string[], name: string): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, name)))
      .map((entry) => join(dir, entry.name, name))
      .sort(),
  );
}

/** Loads and checks the route table; throws a ConfigError naming the file and route on the first problem. */
export function loadRouteConfig(dirs: readonly string[], services: ServiceRegistry): { acl: AclTree; routes: Route[] } {
  const acl = loadAclXml(moduleFiles(dirs, 'acl.xml'));
  const routes = loadWebapiXml(moduleFiles(dirs, 'webapi.xml'));
  validateRoutes(routes, acl, (serviceClass, serviceMethod) => services.has(serviceKey(serviceClass, serviceMethod)));
  return { acl, routes };
}

/**
 * Opens the database (or takes the caller's stores), loads settings and route files, and builds every service.
 * `close()` closes what this call opened: the token caches always, the stores only when it opened them.
 */
export async function createKeyway(options: KeywayOptions & KeywayStorage): Promise<Keyway> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const hasher = options.hasher ?? createArgon2idHasher(OWASP_ARGON2ID, undefined, options.hashInBackground ?? false);
  const ownsStores = options.stores === undefined;
  const opened = await storesFor(options);
  // Closes only what Keyway opened; stores handed in stay open for the caller who opened them.
  const closeStores = () => (ownsStores ? opened.driver.close() : Promise.resolve());
  let cache: ReturnType<typeof createTokenCaches> | undefined;
  try {
    const keys =
      options.keys ??
      loadKeyList({ env: process.env, onGenerated: (message) => logger.warn({ keyFile: 'var/keyway.key' }, message) });
    // Before anything else touches the data: a node with another key must not start at all.
    await verifyKeyList(keys, opened.keyCheck);
    const settings = await Settings.load(opened.settings);
    cache = createTokenCaches({ redisUrl: options.redisUrl, driver: opened.driver, logger });
    if (options.subscribe !== false) cache.caches.start();
    // Customer records are served from the caches; every customer write goes through here and evicts them.
    const stores: Stores = { ...opened, customers: new CachedCustomerStore(opened.customers, cache.caches) };
    const authEvents = new AuthEventHub();
    const tokens = new TokenService({
      tokens: stores.tokens,
      roles: new RoleResources({ rules: stores.admins, cache: cache.caches }),
      settings,
      clock,
      cache: cache.caches,
      events: authEvents,
      keys,
      users: stores.userFacts,
      userCache: cache.caches,
    });
    const caches = cache;
    const login = new LoginService({ ...stores, hasher, tokens, settings, clock, logger, events: authEvents });
    const customers = new CustomerService({
      ...stores,
      hasher,
      settings,
      clock,
      revocations: tokens,
      events: authEvents,
    });
    const secrets = createSecretBox(keys);
    const integrationStore = stores.integrations({ secrets, clock, settings: oauthSettingsOf(settings) });
    // The ACL tree loads with the routes, after the services are known; integrations check resources only later.
    let aclTree: AclTree | undefined;
    const integrations = new IntegrationService({
      store: integrationStore,
      tokens,
      settings,
      isAclResource: (id) => aclTree?.has(id) ?? false,
      logger,
      post: options.postToConsumer,
    });
    const mailer = options.smtpUrl === undefined ? undefined : createSmtpMailer(options.smtpUrl);
    const tfa = new TfaService({ ...stores, settings, keys, secrets, clock, logger, mailer });
    const services: ServiceRegistry = new Map(
      Object.entries({
        ...integrationServices(login, tokens, () => tfa.adminTokenGate()),
        ...integrationManagementServices(integrations),
        ...tfaServices(tfa),
        ...googleServices(new GoogleService(tfa, login), tokens),
        ...customerServices(customers),
        ...storeServices(stores.directory, settings),
        ...tokenManagementServices(tokens, customers, stores.admins),
        ...options.extraServices,
      }),
    );
    const { acl, routes } = loadRouteConfig([BUILT_IN_CONFIG_DIR, ...(options.configDirs ?? [])], services);
    aclTree = acl;
    const admins = new AdminService({
      ...stores,
      hasher,
      clock,
      isAclResource: (id) => acl.has(id),
      revocations: tokens,
    });
    return {
      stores,
      authEvents,
      settings,
      clock,
      logger,
      hasher,
      keys,
      secrets,
      tokens,
      login,
      customers,
      admins,
      integrations,
      integrationStore,
      acl,
      routes: createRouteTable(routes),
      services,
      tfa,
      async close() {
        settings.stopRefreshing();
        mailer?.close();
        await caches.close();
        await closeStores();
      },
    };
  } catch (error) {
    await cache?.close().catch(() => {});
    await closeStores().catch(() => {});
    throw error;
  }
}

/** The caller's stores, or new ones over the database `databaseUrl` names; never both. */
async function storesFor(options: KeywayOptions): Promise<Stores> {
  if (options.stores && options.databaseUrl !== undefined) {
    throw new Error('createKeyway takes databaseUrl or stores, not both');
  }
  if (options.stores) return options.stores;
  if (options.databaseUrl === undefined) throw new Error('createKeyway needs databaseUrl or stores');
  return openStores(options.databaseUrl);
}
