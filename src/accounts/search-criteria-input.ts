/**
 * Readers for the raw `searchCriteria` query as `qs` parses it: nested objects and arrays of strings. Each
 * reader checks one shape and throws the catalogue error Magento's ServiceInputProcessor would.
 */
import { Type } from 'typebox';
import { AppError } from '../errors.ts';

/** The comparisons a filter may name (`conditionType`). */
export const CONDITION_NAMES = [
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
] as const;

/** Caps on every list and string a query can carry, so one request cannot make us build unbounded SQL. */
export const SEARCH_BOUNDS = {
  filterGroups: 20,
  filtersPerGroup: 20,
  sortOrders: 5,
  listValues: 1000,
  stringLength: 1024,
} as const;

/** The largest page number or size we accept: PostgreSQL's `integer`, so LIMIT/OFFSET never overflow. */
export const MAX_INT = 2_147_483_647;

/** PHP's `gettype` wording for the value named in an `invalidType` error, as Magento reports it. */
function typeName(value: unknown): string {
  if (value === null) return 'NULL';
  return typeof value === 'object' ? 'array' : typeof value;
}

/**
 * An object's properties keyed by their normalised name. Magento maps keys through
 * `snakeCaseToUpperCamelCase` and finds the getter with PHP's case-insensitive method lookup, so
 * `page_size`, `pageSize` and `PageSize` all name one property: dropping `_` and lower-casing does the same.
 * A later duplicate wins, as the later setter call does in PHP.
 */
export function readRecord(input: unknown): Map<string, unknown> {
  if (typeof input !== 'object' || input === null) {
    throw new AppError('invalidType', { value: typeName(input), type: 'array' });
  }
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(input)) out.set(key.replaceAll('_', '').toLowerCase(), value);
  return out;
}

/**
 * A list given as an array or as an index-keyed object (`qs` makes objects of sparse or large indexes).
 * JavaScript orders integer keys ascending, so `Object.values` yields index order. Absent or `''` is empty.
 */
export function readList(input: unknown, max: number): unknown[] {
  if (input === undefined || input === '') return [];
  if (typeof input !== 'object' || input === null) {
    throw new AppError('invalidType', { value: typeName(input), type: 'array' });
  }
  const items = Object.values(input);
  if (items.length > max) throw new AppError('badRequest');
  return items;
}

/** An optional string; `''` when absent. A nested object or array here is a type error, not a value. */
export function readString(input: unknown): string {
  if (input === undefined || input === null) return '';
  if (typeof input !== 'string') throw new AppError('invalidType', { value: typeName(input), type: 'string' });
  if (input.length > SEARCH_BOUNDS.stringLength) throw new AppError('badRequest');
  return input;
}

/** An optional non-negative integer, from a digit string or a number; `undefined` when absent. */
export function readInt(input: unknown): number | undefined {
  if (input === undefined) return undefined;
  const digits = typeof input === 'string' && /^\d{1,10}$/.test(input);
  const n = typeof input === 'number' ? input : digits ? Number(input) : NaN;
  if (!Number.isInteger(n) || n < 0 || n > MAX_INT) {
    throw new AppError('invalidType', { value: typeof input === 'string' ? input : typeName(input), type: 'int' });
  }
  return n;
}

/** The values of an `in`/`nin` filter: comma-separated, each trimmed (Magento's documented form). */
export function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim());
}

/**
 * The `searchCriteria` argument as clients write it in a query (`searchCriteria[pageSize]=...`), for the
 * document; the readers above parse it, since Magento's own messages and limits apply.
 */
export const SEARCH_CRITERIA_INPUT = Type.Object({
  filterGroups: Type.Optional(
    Type.Array(
      Type.Object({
        filters: Type.Optional(
          Type.Array(
            Type.Object({
              field: Type.Optional(Type.String({ description: 'Field to filter on, e.g. `email`' })),
              value: Type.Optional(
                Type.String({ description: 'Value to compare with (`%` is the wildcard of `like`)' }),
              ),
              conditionType: Type.Optional(
                Type.String({ enum: [...CONDITION_NAMES], description: 'Comparison; `eq` when left out' }),
              ),
            }),
            { maxItems: SEARCH_BOUNDS.filtersPerGroup },
          ),
        ),
      }),
      { maxItems: SEARCH_BOUNDS.filterGroups },
    ),
  ),
  sortOrders: Type.Optional(
    Type.Array(
      Type.Object({
        field: Type.Optional(Type.String({ description: 'Field to sort by' })),
        direction: Type.Optional(Type.String({ enum: ['ASC', 'DESC'] })),
      }),
      { maxItems: SEARCH_BOUNDS.sortOrders },
    ),
  ),
  pageSize: Type.Optional(Type.Integer({ description: 'Items per page' })),
  currentPage: Type.Optional(Type.Integer({ description: 'Page number, from 1' })),
});
