/**
 * The payloads of Keyway's built-in routes as OpenAPI 3.0 schemas, one per payload, in Magento's shapes
 * (`reference/magento-customer-api.md`). The document's `components.schemas` is exactly this object.
 */
export type Schema = Readonly<Record<string, unknown>>;

export const ref = (name: keyof typeof COMPONENT_SCHEMAS): Schema => ({ $ref: `#/components/schemas/${name}` });

const string = { type: 'string' } as const;
const integer = { type: 'integer' } as const;
const boolean = { type: 'boolean' } as const;
const object = (properties: Record<string, Schema>, required: readonly string[] = Object.keys(properties)): Schema => ({
  type: 'object',
  properties,
  ...(required.length > 0 ? { required } : {}),
});
const arrayOf = (items: Schema): Schema => ({ type: 'array', items });

const customAttributes = arrayOf(object({ attribute_code: string, value: {} }));

export const COMPONENT_SCHEMAS = {
  /** Magento's error body; `parameters` fills the `%name` or `%1` placeholders left in `message`. */
  Error: object(
    {
      message: string,
      errors: arrayOf({ $ref: '#/components/schemas/Error' }),
      code: integer,
      parameters: { oneOf: [{ type: 'object', additionalProperties: true }, arrayOf({})] },
      trace: string,
    },
    ['message'],
  ),
  /** Kept as given by the client, with ids assigned; Magento's address fields for reference. */
  CustomerAddress: {
    ...object(
      {
        id: integer,
        customer_id: integer,
        region: object({ region_code: string, region: string, region_id: integer }, []),
        region_id: integer,
        country_id: string,
        street: arrayOf(string),
        company: string,
        telephone: string,
        postcode: string,
        city: string,
        firstname: string,
        lastname: string,
        default_shipping: boolean,
        default_billing: boolean,
        custom_attributes: customAttributes,
      },
      [],
    ),
    additionalProperties: true,
  },
  /** `CustomerInterface`; optional values are left out when empty. */
  Customer: object(
    {
      id: integer,
      group_id: integer,
      default_billing: string,
      default_shipping: string,
      confirmation: string,
      created_at: string,
      updated_at: string,
      created_in: string,
      dob: string,
      email: string,
      firstname: string,
      lastname: string,
      middlename: string,
      prefix: string,
      suffix: string,
      gender: integer,
      store_id: integer,
      taxvat: string,
      website_id: integer,
      addresses: arrayOf({ $ref: '#/components/schemas/CustomerAddress' }),
      disable_auto_group_change: integer,
      extension_attributes: object({ is_subscribed: boolean }, []),
      custom_attributes: customAttributes,
    },
    ['email', 'firstname', 'lastname'],
  ),
  /** The criteria a search answered, echoed as the client sent them. */
  SearchCriteria: object(
    {
      filter_groups: arrayOf(
        object({ filters: arrayOf(object({ field: string, value: string, condition_type: string }, ['field'])) }),
      ),
      sort_orders: arrayOf(object({ field: string, direction: { type: 'string', enum: ['ASC', 'DESC'] } })),
      page_size: integer,
      current_page: integer,
    },
    ['filter_groups'],
  ),
  CustomerSearchResults: object({
    items: arrayOf({ $ref: '#/components/schemas/Customer' }),
    search_criteria: { $ref: '#/components/schemas/SearchCriteria' },
    total_count: integer,
  }),
  StoreView: object({
    id: integer,
    code: string,
    name: string,
    website_id: integer,
    store_group_id: integer,
    is_active: integer,
  }),
  StoreGroup: object({
    id: integer,
    website_id: integer,
    root_category_id: integer,
    default_store_id: integer,
    name: string,
    code: string,
  }),
  Website: object({ id: integer, code: string, name: string, default_group_id: integer }),
  StoreConfig: object({
    id: integer,
    code: string,
    website_id: integer,
    locale: string,
    base_currency_code: string,
    default_display_currency_code: string,
    timezone: string,
    weight_unit: string,
    base_url: string,
    base_link_url: string,
    base_static_url: string,
    base_media_url: string,
    secure_base_url: string,
    secure_base_link_url: string,
    secure_base_static_url: string,
    secure_base_media_url: string,
  }),
} as const satisfies Record<string, Schema>;

/** An access token: 32 characters of `[0-9a-z]`, as a JSON string. */
export const TOKEN: Schema = { type: 'string', pattern: '^[0-9a-z]{32}$', description: 'The access token' };
export const TRUE: Schema = { type: 'boolean', description: '`true` on success' };
export const BOOLEAN: Schema = boolean;
export const listOf = arrayOf;
