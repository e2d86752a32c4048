import { AppError } from '../errors.ts';
import { hasControlCharacters } from './text-rules.ts';
import { isRecord, normaliseKeys, toBoolValue, toIntValue, toStringValue } from '../webapi/type-processor.ts';

/** The customer fields a client may send, with how each is read. Unknown keys are ignored, as in Magento. */
const FIELDS = {
  id: 'int',
  group_id: 'int',
  default_billing: 'string',
  default_shipping: 'string',
  created_in: 'string',
  dob: 'string',
  email: 'string',
  firstname: 'string',
  lastname: 'string',
  middlename: 'string',
  prefix: 'string',
  suffix: 'string',
  gender: 'int',
  store_id: 'int',
  taxvat: 'string',
  website_id: 'int',
  disable_auto_group_change: 'int',
  addresses: 'list',
  custom_attributes: 'list',
  extension_attributes: 'object',
} as const;

type Field = keyof typeof FIELDS;
export type CustomerInput = { [K in Field]?: unknown };

const MAX_LIST = 20;
const MAX_TEXT = 255;

/** Reads the `customer` argument: known fields only, each converted to its declared type or refused. */
export function readCustomerInput(value: unknown): CustomerInput {
  if (!isRecord(value)) throw new AppError('invalidType', { value: String(value), type: 'CustomerInterface' });
  const input: CustomerInput = {};
  for (const [key, raw] of normaliseKeys(value)) {
    if (!Object.hasOwn(FIELDS, key)) continue;
    const field = key as Field;
    input[field] = raw === null ? null : readField(field, raw);
  }
  return input;
}

function readField(field: Field, raw: unknown): unknown {
  switch (FIELDS[field]) {
    case 'int':
      return toIntValue(raw);
    case 'string': {
      const text = toStringValue(raw);
      // The email's own check answers with Magento's attribute message; other fields refuse control characters here.
      if (text.length > MAX_TEXT || (field !== 'email' && hasControlCharacters(text))) {
        throw new AppError('invalidFieldValue', { fieldName: field });
      }
      return text;
    }
    case 'list':
      if (!Array.isArray(raw) || raw.length > MAX_LIST || !raw.every(isRecord)) {
        throw new AppError('invalidFieldValue', { fieldName: field });
      }
      return raw.map((item) => cleanRecord(item, field));
    case 'object':
      if (!isRecord(raw)) throw new AppError('invalidFieldValue', { fieldName: field });
      return { is_subscribed: raw.is_subscribed === undefined ? undefined : toBoolValue(raw.is_subscribed) };
  }
}

/** Keeps an address or custom attribute to plain scalars and short lists of them, so what is stored is bounded. */
function cleanRecord(item: Record<string, unknown>, field: Field): Record<string, unknown> {
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
