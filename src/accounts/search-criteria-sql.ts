/**
 * SearchCriteria → one SQL text that runs unchanged on SQLite and PostgreSQL. Columns come only from the
 * caller's whitelist (trusted code); every client value is a bound `?` parameter, never interpolated.
 */
import { AppError } from '../errors.ts';
import type { SearchCriteria, SearchFilter } from './search-criteria.ts';
import { MAX_INT, splitList } from './search-criteria-input.ts';

/** A filterable, sortable attribute: its SQL column and how its values are bound. */
export interface SearchField {
  column: string;
  type: 'int' | 'string';
}

/** The WHERE/ORDER BY fragments with their parameters, and the page as LIMIT/OFFSET (none without a page size). */
export interface SearchSql {
  where: string;
  params: unknown[];
  orderBy: string;
  limit?: number;
  offset?: number;
}

const COMPARISONS: Readonly<Record<string, string>> = {
  eq: '=',
  neq: '<>',
  gt: '>',
  lt: '<',
  gteq: '>=',
  lteq: '<=',
  moreq: '>=',
  from: '>=',
  to: '<=',
};

const NOTHING = '(1 = 0)';

/** Builds portable SQL from criteria; `fields` whitelists attribute codes. Unknown field → invalidAttributeName. */
export function buildSearchSql(
  c: SearchCriteria,
  fields: Readonly<Record<string, SearchField>>,
  defaultOrder: string,
): SearchSql {
  const params: unknown[] = [];
  const groups = c.filterGroups
    .filter((group) => group.length > 0) // Magento adds no condition for an empty group
    .map((group) => {
      const predicates = group.map((f) => predicate(f, lookup(fields, f.field), params));
      return predicates.length === 1 ? predicates[0] : `(${predicates.join(' OR ')})`;
    });
  // MySQL sorts NULL lowest; SQLite agrees but PostgreSQL does the opposite unless told, so say it.
  const order = c.sortOrders.map(({ field, direction }) => {
    const { column } = lookup(fields, field);
    return direction === 'ASC' ? `${column} ASC NULLS FIRST` : `${column} DESC NULLS LAST`;
  });
  if (defaultOrder !== '') order.push(defaultOrder); // tie-breaker: pages must not overlap or skip rows

  const where = groups.length > 0 ? groups.join(' AND ') : '1 = 1';
  const sql: SearchSql = { where, params, orderBy: order.join(', ') };
  if (c.pageSize) {
    sql.limit = c.pageSize;
    sql.offset = Math.min(((c.currentPage ?? 1) - 1) * c.pageSize, Number.MAX_SAFE_INTEGER);
  }
  return sql;
}

function lookup(fields: Readonly<Record<string, SearchField>>, field: string): SearchField {
  // Own properties only: `constructor` or `__proto__` must not resolve through the prototype.
  if (!Object.hasOwn(fields, field)) throw new AppError('invalidAttributeName', [field]);
  return fields[field];
}

function predicate(f: SearchFilter, field: SearchField, params: unknown[]): string {
  const col = field.column;
  // Magento's MySQL collation compares text without regard to case, so text columns and values are lowered.
  const target = field.type === 'string' ? `LOWER(${col})` : col;
  const mark = field.type === 'string' ? 'LOWER(?)' : '?';
  switch (f.conditionType) {
    case 'null':
      return `(${col} IS NULL)`;
    case 'notnull':
      return `(${col} IS NOT NULL)`;
    case 'like':
    case 'nlike': {
      if (f.value.includes('\u0000')) return f.conditionType === 'like' ? NOTHING : `(${col} IS NOT NULL)`;
      params.push(likePattern(f.value));
      // LOWER on both sides: PostgreSQL's LIKE is case-sensitive, Magento's MySQL collation is not. (SQLite's
      // LOWER folds ASCII only.) An int column is cast to text so PostgreSQL accepts it; digits have no case.
      const like =
        field.type === 'int' ? `CAST(${col} AS TEXT) LIKE ? ESCAPE '\\'` : `LOWER(${col}) LIKE LOWER(?) ESCAPE '\\'`;
      return f.conditionType === 'like' ? `(${like})` : `(NOT (${like}))`;
    }
    case 'in':
    case 'nin': {
      const values = bindable(field, splitList(f.value));
      if (values.length === 0) return f.conditionType === 'in' ? NOTHING : `(${col} IS NOT NULL)`;
      params.push(...values);
      const marks = values.map(() => mark).join(', ');
      return `(${target} ${f.conditionType === 'in' ? 'IN' : 'NOT IN'} (${marks}))`;
    }
    default: {
      const [value] = bindable(field, [f.value]);
      if (value === undefined) return f.conditionType === 'neq' ? `(${col} IS NOT NULL)` : NOTHING;
      params.push(value);
      return `(${target} ${COMPARISONS[f.conditionType]} ${mark})`;
    }
  }
}

/**
 * The values that can be bound to the column. For an int column, only integers PostgreSQL's `integer` holds:
 * anything else would be a database error there, so it is dropped, and the caller turns "nothing left" into
 * a predicate matching nothing (eq, in, comparisons) or excluding nothing (neq, nin).
 */
function bindable(field: SearchField, values: string[]): (string | number)[] {
  // No stored text holds NUL (PostgreSQL cannot even bind it), so such a value matches nothing.
  if (field.type === 'string') return values.filter((v) => !v.includes('\u0000'));
  return values
    .map((v) => (/^\s*[+-]?\d{1,10}\s*$/.test(v) ? Number(v) : NaN))
    .filter((n) => Number.isInteger(n) && Math.abs(n) <= MAX_INT);
}

/**
 * `ESCAPE '\'` gives both databases MySQL's default (backslash escapes `%`/`_`); PostgreSQL rejects a pattern
 * ending in a lone escape, so an unpaired trailing backslash is doubled to mean itself.
 */
function likePattern(value: string): string {
  let end = value.length;
  while (end > 0 && value[end - 1] === '\\') end--;
  return (value.length - end) % 2 === 1 ? `${value}\\` : value;
}
