/**
 * Payloads several routes share, each declared once as a TypeBox schema in Magento's shape
 * (`reference/magento-customer-api.md`). They become the document's `components.schemas`; a service's
 * answer names one through `ref`, so the document says `$ref` where Magento's says it too.
 */
import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';
import { CUSTOMER_ADDRESS, CUSTOMER_INPUT } from '../accounts/customer-input.ts';

const string = () => Type.String();
const integer = () => Type.Integer();
// Written only by the server: a client that sends one is ignored.
const serverWritten = () => Type.Optional(Type.String({ readOnly: true }));

/** The search criteria a search answered, echoed as the client sent them. */
const SearchCriteria = Type.Object({
  filter_groups: Type.Array(
    Type.Object({
      filters: Type.Array(
        Type.Object({ field: string(), value: Type.Optional(string()), condition_type: Type.Optional(string()) }),
      ),
    }),
  ),
  sort_orders: Type.Optional(
    Type.Array(Type.Object({ field: string(), direction: Type.String({ enum: ['ASC', 'DESC'] }) })),
  ),
  page_size: Type.Optional(integer()),
  current_page: Type.Optional(integer()),
});

/** `CustomerInterface`: what a client may send, plus what only the server writes; empty values are left out. */
const Customer = Type.Object({
  ...CUSTOMER_INPUT.properties,
  confirmation: serverWritten(),
  created_at: serverWritten(),
  updated_at: serverWritten(),
  // What a save cannot do without is always there in an answer.
  ...Type.Required(Type.Pick(CUSTOMER_INPUT, ['email', 'firstname', 'lastname'])).properties,
  addresses: Type.Optional(Type.Array(Type.Ref('#/components/schemas/CustomerAddress'))),
});

export const PAYLOADS = {
  CustomerAddress: CUSTOMER_ADDRESS,
  Customer,
  SearchCriteria,
  CustomerSearchResults: Type.Object({
    items: Type.Array(Type.Ref('#/components/schemas/Customer')),
    search_criteria: Type.Ref('#/components/schemas/SearchCriteria'),
    total_count: integer(),
  }),
  StoreView: Type.Object({
    id: integer(),
    code: string(),
    name: string(),
    website_id: integer(),
    store_group_id: integer(),
    is_active: integer(),
  }),
  StoreGroup: Type.Object({
    id: integer(),
    website_id: integer(),
    root_category_id: integer(),
    default_store_id: integer(),
    name: string(),
    code: string(),
  }),
  Website: Type.Object({ id: integer(), code: string(), name: string(), default_group_id: integer() }),
  StoreConfig: Type.Object({
    id: integer(),
    code: string(),
    website_id: integer(),
    locale: string(),
    base_currency_code: string(),
    default_display_currency_code: string(),
    timezone: string(),
    weight_unit: string(),
    base_url: string(),
    base_link_url: string(),
    base_static_url: string(),
    base_media_url: string(),
    secure_base_url: string(),
    secure_base_link_url: string(),
    secure_base_static_url: string(),
    secure_base_media_url: string(),
  }),
} as const;

/**
 * A reference to a shared payload. Its type is `unknown` on purpose: the stores hand back plain records, and
 * a reference that claimed more would only be a cast in disguise.
 */
export function ref(name: keyof typeof PAYLOADS): TUnsafe<unknown> {
  return Type.Unsafe<unknown>({ $ref: `#/components/schemas/${name}` });
}

/** A list of a shared payload, as the stores hand it back (possibly frozen). */
export function listOf(name: keyof typeof PAYLOADS): TUnsafe<readonly unknown[]> {
  return Type.Unsafe<readonly unknown[]>(Type.Array(ref(name)));
}

/** An access token as a JSON string: 32 characters of `[0-9a-z]`, or a JWT when `webapi/token/format` is `jwt`. */
export const TOKEN = Type.String({
  pattern: '^([0-9a-z]{32}|[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+)$',
  description: 'The access token: 32 characters, or a JWT when the token format is `jwt`',
});
/** What a method that only succeeds or throws answers. */
export const TRUE = Type.Boolean({ description: '`true` on success' });

/** A value that may be null, in OpenAPI 3.0's words (`nullable`; 3.0 has no `null` type). */
export function nullable<S extends TSchema>(schema: S): TUnsafe<Static<S> | null> {
  return Type.Unsafe<Static<S> | null>({ ...schema, nullable: true });
}
