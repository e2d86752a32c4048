import { BOOLEAN, listOf, ref, TOKEN, TRUE, type Schema } from './schemas.ts';

/** A query parameter a structured GET argument is written as, e.g. `searchCriteria[pageSize]`. */
export interface QueryParameter {
  name: string;
  schema: Schema;
  description?: string;
}

/** What the document says about one service method beyond its `args`: a summary, the answer, structured inputs. */
export interface ServicePayloads {
  summary: string;
  response: Schema;
  /** Schemas of `any` arguments in a body, by argument name. */
  body?: Readonly<Record<string, Schema>>;
  /** Query parameters standing for one structured GET argument, by argument name. */
  query?: Readonly<Record<string, readonly QueryParameter[]>>;
}

const text = { type: 'string' } as const;
const whole = { type: 'integer' } as const;
const FILTER = 'searchCriteria[filterGroups][0][filters][0]';
const SEARCH_CRITERIA: readonly QueryParameter[] = [
  { name: `${FILTER}[field]`, schema: text, description: 'Field to filter on, e.g. `email`' },
  { name: `${FILTER}[value]`, schema: text, description: 'Value to compare with (`%` is the wildcard of `like`)' },
  {
    name: `${FILTER}[conditionType]`,
    schema: {
      type: 'string',
      enum: [
        'eq',
        'neq',
        'like',
        'nlike',
        'in',
        'nin',
        'gt',
        'lt',
        'gteq',
        'lteq',
        'moreq',
        'from',
        'to',
        'null',
        'notnull',
      ],
    },
    description: 'Comparison; `eq` when left out',
  },
  { name: 'searchCriteria[sortOrders][0][field]', schema: text, description: 'Field to sort by' },
  { name: 'searchCriteria[sortOrders][0][direction]', schema: { type: 'string', enum: ['ASC', 'DESC'] } },
  { name: 'searchCriteria[pageSize]', schema: whole, description: 'Items per page' },
  { name: 'searchCriteria[currentPage]', schema: whole, description: 'Page number, from 1' },
];

const REPOSITORY = 'Magento\\Customer\\Api\\CustomerRepositoryInterface';
const ACCOUNTS = 'Magento\\Customer\\Api\\AccountManagementInterface';

/** Keyed `Class::method`, like the service registry. Services a route folder adds get a generic description. */
export const SERVICE_PAYLOADS: Readonly<Record<string, ServicePayloads>> = {
  'Magento\\Integration\\Api\\CustomerTokenServiceInterface::createCustomerAccessToken': {
    summary: 'Trade a customer email and password for an access token',
    response: TOKEN,
  },
  'Magento\\Integration\\Api\\AdminTokenServiceInterface::createAdminAccessToken': {
    summary: 'Trade an admin username and password for an access token',
    response: TOKEN,
  },
  'Magento\\Integration\\Api\\CustomerTokenServiceInterface::revokeCustomerAccessToken': {
    summary: "Revoke every one of the customer's tokens",
    response: TRUE,
  },
  [`${REPOSITORY}::getById`]: { summary: 'Read a customer', response: ref('Customer') },
  [`${REPOSITORY}::save`]: {
    summary: 'Update a customer; the keys sent replace the stored ones',
    response: ref('Customer'),
    body: { customer: ref('Customer') },
  },
  [`${REPOSITORY}::deleteById`]: { summary: 'Delete a customer and revoke its tokens', response: TRUE },
  [`${REPOSITORY}::getList`]: {
    summary:
      'Search customers (at least one searchCriteria parameter is needed; Magento clients send `searchCriteria=` for all)',
    response: ref('CustomerSearchResults'),
    query: { searchCriteria: SEARCH_CRITERIA },
  },
  [`${ACCOUNTS}::createAccount`]: {
    summary: 'Create a customer account (sign-up)',
    response: ref('Customer'),
    body: { customer: ref('Customer') },
  },
  [`${ACCOUNTS}::changePasswordById`]: {
    summary: "Change the customer's password; its other tokens are revoked",
    response: TRUE,
  },
  [`${ACCOUNTS}::isEmailAvailable`]: { summary: 'Whether an email address is free to sign up with', response: BOOLEAN },
  'Magento\\Store\\Api\\StoreRepositoryInterface::getList': {
    summary: 'List store views',
    response: listOf(ref('StoreView')),
  },
  'Magento\\Store\\Api\\GroupRepositoryInterface::getList': {
    summary: 'List store groups',
    response: listOf(ref('StoreGroup')),
  },
  'Magento\\Store\\Api\\WebsiteRepositoryInterface::getList': {
    summary: 'List websites',
    response: listOf(ref('Website')),
  },
  'Magento\\Store\\Api\\StoreConfigManagerInterface::getStoreConfigs': {
    summary: 'Store settings of every store view, or of the codes given',
    response: listOf(ref('StoreConfig')),
    query: {
      storeCodes: [
        { name: 'storeCodes[]', schema: listOf(text), description: 'Store codes; all stores when left out' },
      ],
    },
  },
};
