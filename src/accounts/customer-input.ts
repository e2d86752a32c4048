import { Type, type Static, type TSchema } from 'typebox';
import { AppError } from '../errors.ts';
import { hasControlCharacters } from './text-rules.ts';
import { isRecord, normaliseKeys, toBoolValue, toIntValue, toStringValue } from '../webapi/type-processor.ts';

const MAX_LIST = 20;
const MAX_TEXT = 255;

const text = () => Type.Optional(Type.String({ maxLength: MAX_TEXT }));
const whole = () => Type.Optional(Type.Integer());

/** A customer address, kept as the client sent it (scalars and short lists of strings); ids are assigned on save. */
export const CUSTOMER_ADDRESS = Type.Object(
  {
    id: whole(),
    customer_id: whole(),
    region: Type.Optional(
      Type.Object({ region_code: text(), region: text(), region_id: whole() }, { additionalProperties: true }),
    ),
    region_id: whole(),
    country_id: text(),
    street: Type.Optional(Type.Array(Type.String({ maxLength: MAX_TEXT }), { maxItems: 5 })),
    company: text(),
    telephone: text(),
    postcode: text(),
    city: text(),
    firstname: text(),
    lastname: text(),
    default_shipping: Type.Optional(Type.Boolean()),
    default_billing: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: true },
);

const CUSTOM_ATTRIBUTE = Type.Object({ attribute_code: Type.String(), value: Type.Unknown() });

/**
 * The customer fields a client may send (`CustomerInterface` minus what only the server writes), in the
 * order Magento lists them. Unknown keys are ignored, as in Magento. The document's `Customer` is built on it.
 */
export const CUSTOMER_INPUT = Type.Object({
  id: whole(),
  group_id: whole(),
  default_billing: text(),
  default_shipping: text(),
  created_in: text(),
  dob: text(),
  email: text(),
  firstname: text(),
  lastname: text(),
  middlename: text(),
  prefix: text(),
  suffix: text(),
  gender: whole(),
  store_id: whole(),
  taxvat: text(),
  website_id: whole(),
  addresses: Type.Optional(Type.Array(CUSTOMER_ADDRESS, { maxItems: MAX_LIST })),
  disable_auto_group_change: whole(),
  extension_attributes: Type.Optional(Type.Object({ is_subscribed: Type.Optional(Type.Boolean()) })),
  custom_attributes: Type.Optional(Type.Array(CUSTOM_ATTRIBUTE, { maxItems: MAX_LIST })),
});

type Fields = Static<typeof CUSTOMER_INPUT>;
type Field = keyof Fields;
/** The customer as read from a request: each field the client sent, converted, or `null` to clear it. */
export type CustomerInput = { [K in Field]?: Fields[K] | null };

/**
 * Reads the `customer` argument: known fields only, each converted to its declared type or refused.
 * The reading is by hand, not by validating against the schema: Magento casts scalars the PHP way
 * (`"12"` is an int, `true` is the string `"1"`) and answers its own messages, which a JSON Schema
 * validator would not; and addresses are kept as given but bounded, a rule no schema keyword states.
 */
export function readCustomerInput(value: unknown): CustomerInput {
  if (!isRecord(value)) throw new AppError('invalidType', { value: String(value), type: 'CustomerInterface' });
  const input: Record<string, unknown> = {};
  for (const [key, raw] of normaliseKeys(value)) {
    const schema: TSchema | undefined = Object.hasOwn(CUSTOMER_INPUT.properties, key)
      ? CUSTOMER_INPUT.properties[key as Field]
      : undefined;
    if (!schema) continue;
    input[key] = raw === null ? null : readField(key, schema, raw);
  }
  return input as CustomerInput;
}

function readField(field: string, schema: TSchema, raw: unknown): unknown {
  if (Type.IsInteger(schema)) return toIntValue(raw);
  if (Type.IsString(schema)) {
    const value = toStringValue(raw);
    // The email's own check answers with Magento's attribute message; other fields refuse control characters here.
    if (value.length > MAX_TEXT || (field !== 'email' && hasControlCharacters(value))) {
      throw new AppError('invalidFieldValue', { fieldName: field });
    }
    return value;
  }
  if (Type.IsArray(schema)) {
    if (!Array.isArray(raw) || raw.length > MAX_LIST || !raw.every(isRecord)) {
      throw new AppError('invalidFieldValue', { fieldName: field });
    }
    return raw.map((item) => cleanRecord(item, field));
  }
  // extension_attributes: only `is_subscribed` is read.
  if (!isRecord(raw)) throw new AppError('invalidFieldValue', { fieldName: field });
  return { is_subscribed: raw.is_subscribed === undefined ? undefined : toBoolValue(raw.is_subscribed) };
}

/** Keeps an address or custom attribute to plain scalars and short lists of them, so what is stored is bounded. */
function cleanRecord(item: Record<string, unknown>, field: string): Record<string, unknown> {
  const clean: Record<string, unknown> = {};
  for (const [key, value] of normaliseKeys(item)) {
    if (Object.keys(clean).length >= 40) break;
    if (value === null || typeof value === 'boolean' || typeof value === 'number') clean[key] = value;
    else if (typeof value === 'string' && value.length <= MAX_TEXT) clean[key] = value;
    else if (
      Array.isArray(value) &&
      value.length <= 5 &&
      value.every((v) => typeof v === 'string' && v.length <= MAX_TEXT)
    ) {
      clean[key] = value;
    } else if (isRecord(value) && key === 'region') {
      clean[key] = cleanRecord(value, field);
    } else throw new AppError('invalidFieldValue', { fieldName: `${field}.${key}` });
  }
  return clean;
}
