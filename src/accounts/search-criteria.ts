/**
 * Magento's `searchCriteria` for `GET /V1/customers/search`: parse the `qs`-parsed query into a validated
 * `SearchCriteria`, echo it back in Magento's `search_criteria` shape, and (in search-criteria-sql.ts)
 * turn it into portable SQL over a whitelist of columns.
 */
import { AppError, aggregate, fieldRequired } from '../errors.ts';
import {
  CONDITION_NAMES,
  readInt,
  readList,
  readRecord,
  readString,
  SEARCH_BOUNDS,
  splitList,
} from './search-criteria-input.ts';

export { buildSearchSql } from './search-criteria-sql.ts';
export type { SearchField, SearchSql } from './search-criteria-sql.ts';
export { SEARCH_BOUNDS } from './search-criteria-input.ts';

/** The comparisons Magento's search criteria know, named once in `CONDITION_NAMES`. */
export type ConditionType = (typeof CONDITION_NAMES)[number];

const CONDITION_TYPES: ReadonlySet<string> = new Set(CONDITION_NAMES);

/** One filter; `value` is `''` only for `null`/`notnull`, which need none. */
export interface SearchFilter {
  field: string;
  value: string;
  conditionType: ConditionType;
  conditionTypeGiven: boolean;
}

/** Validated search criteria: filters inside a group are ORed, groups are ANDed. */
export interface SearchCriteria {
  filterGroups: SearchFilter[][];
  sortOrders: { field: string; direction: 'ASC' | 'DESC' }[];
  pageSize?: number;
  currentPage?: number;
  /** Which of pageSize/currentPage the client sent: only those are echoed, never a default. Absent = both. */
  sent?: { pageSize: boolean; currentPage: boolean };
}

/** Input limits (Magento's `webapi/validation`); undefined means no limit, Magento's default. */
export interface SearchLimits {
  defaultPageSize?: number;
  maxPageSize?: number;
}

/** Parses the `searchCriteria` input; absent → fieldRequired, `''` (the `?searchCriteria=` form) → no filters. */
export function parseSearchCriteria(input: unknown, limits: SearchLimits = {}): SearchCriteria {
  if (input === undefined || input === null) throw fieldRequired('searchCriteria');
  const criteria = readRecord(input === '' ? {} : input);
  const filterGroups = readList(criteria.get('filtergroups'), SEARCH_BOUNDS.filterGroups).map((group) =>
    readList(readRecord(group).get('filters'), SEARCH_BOUNDS.filtersPerGroup).map(parseFilter),
  );
  const sortOrders = readList(criteria.get('sortorders'), SEARCH_BOUNDS.sortOrders).map(parseSortOrder);

  const givenSize = readInt(criteria.get('pagesize'));
  const givenPage = readInt(criteria.get('currentpage'));
  if (limits.maxPageSize !== undefined && givenSize !== undefined && givenSize > limits.maxPageSize) {
    throw new AppError('maxPageSize', { max: limits.maxPageSize });
  }
  // Magento's collection ignores a page size of 0 and returns every match, so 0 counts as "not sent".
  // Unsent, a configured maximum still caps the page (Magento always pairs it with a default).
  const sizeSent = givenSize !== undefined && givenSize > 0;
  return {
    filterGroups,
    sortOrders,
    pageSize: sizeSent ? givenSize : (limits.defaultPageSize ?? limits.maxPageSize),
    currentPage: Math.max(1, givenPage ?? 1), // the collection reads page 0 as page 1
    sent: { pageSize: sizeSent, currentPage: givenPage !== undefined },
  };
}

function parseFilter(input: unknown): SearchFilter {
  const filter = readRecord(input);
  const field = readString(filter.get('field'));
  const value = readString(filter.get('value'));
  const given = readString(filter.get('conditiontype'));
  const conditionType = given === '' ? 'eq' : given; // Magento: `getConditionType() ?: 'eq'`
  if (!isConditionType(conditionType)) throw new AppError('invalidConditionType', [given]);

  const missing = [];
  if (field === '') missing.push(fieldRequired('field'));
  if (value === '' && conditionType !== 'null' && conditionType !== 'notnull') missing.push(fieldRequired('value'));
  const error = aggregate(missing);
  if (error) throw error;
  if ((conditionType === 'in' || conditionType === 'nin') && splitList(value).length > SEARCH_BOUNDS.listValues) {
    throw new AppError('badRequest');
  }
  return { field, value, conditionType, conditionTypeGiven: given !== '' };
}

function isConditionType(value: string): value is ConditionType {
  return CONDITION_TYPES.has(value);
}

function parseSortOrder(input: unknown): SearchCriteria['sortOrders'][number] {
  const sortOrder = readRecord(input);
  const field = readString(sortOrder.get('field'));
  if (field === '') throw fieldRequired('field');
  const given = readString(sortOrder.get('direction'));
  // "By default, search results are returned in descending order" (Magento's performing-searches guide).
  const direction = given === '' ? 'DESC' : given.toUpperCase();
  if (direction !== 'ASC' && direction !== 'DESC') throw new AppError('invalidSortDirection', [given]);
  return { field, direction };
}

/** The `search_criteria` response object in Magento's shape: only what the client sent, plus `filter_groups`. */
export function echoSearchCriteria(c: SearchCriteria): Record<string, unknown> {
  const out: Record<string, unknown> = {
    filter_groups: c.filterGroups.map((group) => ({ filters: group.map(echoFilter) })),
  };
  if (c.sortOrders.length > 0) {
    out.sort_orders = c.sortOrders.map(({ field, direction }) => ({ field, direction }));
  }
  if (c.pageSize !== undefined && (c.sent?.pageSize ?? true)) out.page_size = c.pageSize;
  if (c.currentPage !== undefined && (c.sent?.currentPage ?? true)) out.current_page = c.currentPage;
  return out;
}

function echoFilter(f: SearchFilter): Record<string, unknown> {
  const out: Record<string, unknown> = { field: f.field };
  if (f.value !== '') out.value = f.value; // a null getter is left out of Magento's output
  if (f.conditionTypeGiven) out.condition_type = f.conditionType;
  return out;
}

/**
 * Magento's collection turns a page past the end into the last page; this needs the total, so the caller
 * applies it after counting. Echo the criteria as parsed, not this copy: Magento echoes the request.
 */
export function clampPage(c: SearchCriteria, total: number): SearchCriteria {
  if (!c.pageSize) return c;
  const lastPage = Math.max(1, Math.ceil(total / c.pageSize));
  return (c.currentPage ?? 1) > lastPage ? { ...c, currentPage: lastPage } : c;
}
