// What the Magento importer reads from a Magento 2.4 database, as plain records. The SQL that reads them lives in
// storage/magento-mysql-source.ts; this port keeps the import's logic free of any database client.
// Times are UTC: `YYYY-MM-DD HH:MM:SS` text where Keyway keeps text, epoch milliseconds where it keeps numbers.

export interface MagentoWebsite {
  id: number;
  code: string;
  name: string;
  defaultGroupId: number;
}

export interface MagentoStoreGroup {
  id: number;
  websiteId: number;
  code: string;
  name: string;
  rootCategoryId: number;
  defaultStoreId: number;
}

export interface MagentoStoreView {
  id: number;
  code: string;
  name: string;
  websiteId: number;
  groupId: number;
  isActive: boolean;
}

/** A `customer_group` row: customers name their group by id. */
export interface MagentoCustomerGroup {
  id: number;
  code: string;
}

/** A `customer_entity` row (static columns only; custom EAV attributes are not read). */
export interface MagentoCustomer {
  id: number;
  websiteId: number;
  storeId: number;
  groupId: number;
  email: string;
  firstname: string;
  lastname: string;
  middlename: string | null;
  prefix: string | null;
  suffix: string | null;
  dob: string | null;
  gender: number | null;
  taxvat: string | null;
  createdIn: string | null;
  disableAutoGroupChange: number;
  passwordHash: string | null;
  isActive: boolean;
  failuresNum: number;
  lockExpires: number | null;
  defaultBilling: number | null;
  defaultShipping: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A `customer_address_entity` row. */
export interface MagentoAddress {
  id: number;
  customerId: number;
  firstname: string;
  lastname: string;
  middlename: string | null;
  prefix: string | null;
  suffix: string | null;
  company: string | null;
  street: string;
  city: string;
  postcode: string | null;
  countryId: string;
  region: string | null;
  regionId: number | null;
  telephone: string | null;
  fax: string | null;
  vatId: string | null;
}

/** An `admin_user` row. */
export interface MagentoAdmin {
  id: number;
  username: string;
  email: string;
  firstname: string;
  lastname: string;
  passwordHash: string;
  isActive: boolean;
  lockExpires: number | null;
  createdAt: string;
  updatedAt: string;
}

/** An `authorization_role` row: `G` a group role, `U` the role row of one user of `userType` (1 integration, 2 admin). */
export interface MagentoRole {
  id: number;
  parentId: number;
  roleType: string;
  userId: number;
  userType: number | null;
  name: string;
}

/** An `authorization_rule` row. */
export interface MagentoRule {
  roleId: number;
  resourceId: string;
  permission: string;
}

export interface MagentoIntegration {
  id: number;
  name: string;
  email: string;
  endpoint: string | null;
  identityLinkUrl: string | null;
  status: number;
  setupType: number;
  consumerId: number | null;
  createdAt: number;
  updatedAt: number;
}

/** An `oauth_consumer` row; `secret` as Magento stores it (plain, or encrypted by newer releases). */
export interface MagentoConsumer {
  id: number;
  name: string;
  key: string;
  secret: string;
  createdAt: number;
  updatedAt: number | null;
}

/** An `oauth_token` row of type `access`. */
export interface MagentoToken {
  id: number;
  consumerId: number | null;
  adminId: number | null;
  customerId: number | null;
  token: string;
  secret: string;
  revoked: boolean;
  userType: number | null;
  createdAt: number;
}

/** A `jwt_auth_revoked` row; `revokeBefore` in seconds, as Magento and Keyway keep it. */
export interface MagentoRevocation {
  userTypeId: number;
  userId: number;
  revokeBefore: number;
}

/** A `tfa_user_config` row, still encoded as Magento keeps it. */
export interface MagentoTfaConfig {
  userId: number;
  encodedProviders: string | null;
  encodedConfig: string | null;
  defaultProvider: string | null;
}

/** A `core_config_data` row. */
export interface MagentoConfigRow {
  scope: string;
  scopeId: number;
  path: string;
  value: string | null;
}

/** One page of customers with their addresses. */
export interface MagentoCustomerPage {
  customers: MagentoCustomer[];
  addresses: MagentoAddress[];
}

/** A Magento database, read only. */
export interface MagentoSource {
  websites(): Promise<MagentoWebsite[]>;
  storeGroups(): Promise<MagentoStoreGroup[]>;
  storeViews(): Promise<MagentoStoreView[]>;
  customerGroups(): Promise<MagentoCustomerGroup[]>;
  customerCount(): Promise<number>;
  /** Customers by id, `size` at a time, each page with its customers' addresses. */
  customerPages(size: number): AsyncIterable<MagentoCustomerPage>;
  admins(): Promise<MagentoAdmin[]>;
  roles(): Promise<MagentoRole[]>;
  rules(): Promise<MagentoRule[]>;
  integrations(): Promise<MagentoIntegration[]>;
  consumers(): Promise<MagentoConsumer[]>;
  /** Access tokens only: request and verifier tokens prove nothing once the handshake is over. */
  accessTokens(): Promise<MagentoToken[]>;
  revocations(): Promise<MagentoRevocation[]>;
  tfaConfigs(): Promise<MagentoTfaConfig[]>;
  config(): Promise<MagentoConfigRow[]>;
  close(): Promise<void>;
}
