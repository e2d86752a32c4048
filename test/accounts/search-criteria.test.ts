import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import qs from 'qs';
import Database from 'better-sqlite3';
import { AppError, type ErrorParameters } from '../../src/errors.ts';
import {
  buildSearchSql,
  clampPage,
  echoSearchCriteria,
  parseSearchCriteria,
  type SearchCriteria,
  type SearchField,
  type SearchLimits,
} from '../../src/accounts/search-criteria.ts';

/** The `searchCriteria` value exactly as the HTTP layer gets it from a real query string. */
function input(query: string): unknown {
  return (qs.parse(query, { depth: 6, parameterLimit: 2000 }) as Record<string, unknown>).searchCriteria;
}

function parse(query: string, limits?: SearchLimits): SearchCriteria {
  return parseSearchCriteria(input(query), limits);
}

function assertAppError(fn: () => unknown, code: string, parameters?: ErrorParameters): AppError {
  let caught: unknown;
  assert.throws(fn, (error) => {
    caught = error;
    return true;
  });
  assert.ok(caught instanceof AppError, `expected AppError, got ${String(caught)}`);
  assert.equal(caught.code, code);
  assert.deepEqual(caught.parameters, parameters);
  return caught;
}

const F = 'searchCriteria[filter_groups]';

/** The query parameters of one filter at filter_groups[group].filters[index], its value URL-encoded. */
function filterAt(group: number, index: number, field: string, value?: string, conditionType?: string): string {
  const at = `${F}[${group}][filters][${index}]`;
  let query = `${at}[field]=${field}`;
  if (value !== undefined) query += `&${at}[value]=${encodeURIComponent(value)}`;
  if (conditionType !== undefined) query += `&${at}[condition_type]=${conditionType}`;
  return query;
}

/** A query with a single filter. */
function one(field: string, conditionType: string, value?: string): string {
  return filterAt(0, 0, field, value, conditionType);
}

const q = (...parts: string[]): string => parts.join('&');

describe('parseSearchCriteria: accepted forms', () => {
  it('reads the documented snake_case form', () => {
    const c = parse(
      `${F}[0][filters][0][field]=email&${F}[0][filters][0][value]=%25@example.com` +
        `&${F}[0][filters][0][condition_type]=like&${F}[1][filters][0][field]=group_id&${F}[1][filters][0][value]=1` +
        '&searchCriteria[sort_orders][0][field]=email&searchCriteria[sort_orders][0][direction]=asc' +
        '&searchCriteria[page_size]=20&searchCriteria[current_page]=2',
    );
    assert.deepEqual(c, {
      filterGroups: [
        [{ field: 'email', value: '%@example.com', conditionType: 'like', conditionTypeGiven: true }],
        [{ field: 'group_id', value: '1', conditionType: 'eq', conditionTypeGiven: false }],
      ],
      sortOrders: [{ field: 'email', direction: 'ASC' }],
      pageSize: 20,
      currentPage: 2,
      sent: { pageSize: true, currentPage: true },
    });
  });

  it('reads the camelCase form to the same criteria', () => {
    const snake = parse(
      `${F}[0][filters][0][field]=email&${F}[0][filters][0][value]=a&${F}[0][filters][0][condition_type]=neq` +
        '&searchCriteria[sort_orders][0][field]=email&searchCriteria[page_size]=5&searchCriteria[current_page]=3',
    );
    const camel = parse(
      'searchCriteria[filterGroups][0][filters][0][field]=email&searchCriteria[filterGroups][0][filters][0][value]=a' +
        '&searchCriteria[filterGroups][0][filters][0][conditionType]=neq&searchCriteria[sortOrders][0][field]=email' +
        '&searchCriteria[pageSize]=5&searchCriteria[currentPage]=3',
    );
    assert.deepEqual(camel, snake);
    assert.deepEqual(camel.filterGroups, [
      [{ field: 'email', value: 'a', conditionType: 'neq', conditionTypeGiven: true }],
    ]);
  });

  it('matches keys as Magento does: underscores dropped, case ignored', () => {
    assert.equal(parse('searchCriteria[PageSize]=7').pageSize, 7);
  });

  it('takes sparse and large indexes in index order', () => {
    // qs makes an index-keyed object of indexes above 20; [3][filters][1] arrives after [3][filters][30].
    const c = parse(q(filterAt(25, 0, 'c', '3'), filterAt(3, 30, 'b', '2'), filterAt(3, 1, 'a', '1')));
    assert.deepEqual(
      c.filterGroups.map((g) => g.map((f) => f.field)),
      [['a', 'b'], ['c']],
    );
  });

  it('applies defaults: eq, DESC, page 1, no page size', () => {
    const c = parse(q(filterAt(0, 0, 'email', 'x'), 'searchCriteria[sortOrders][0][field]=email'));
    assert.deepEqual(c, {
      filterGroups: [[{ field: 'email', value: 'x', conditionType: 'eq', conditionTypeGiven: false }]],
      sortOrders: [{ field: 'email', direction: 'DESC' }],
      pageSize: undefined,
      currentPage: 1,
      sent: { pageSize: false, currentPage: false },
    });
  });

  it('treats ?searchCriteria= as no filters', () => {
    assert.deepEqual(parse('searchCriteria='), {
      filterGroups: [],
      sortOrders: [],
      pageSize: undefined,
      currentPage: 1,
      sent: { pageSize: false, currentPage: false },
    });
  });

  it('lets null and notnull go without a value', () => {
    const c = parse(`${F}[0][filters][0][field]=dob&${F}[0][filters][0][condition_type]=null`);
    assert.deepEqual(c.filterGroups, [[{ field: 'dob', value: '', conditionType: 'null', conditionTypeGiven: true }]]);
  });

  it('reads page 0 as page 1 and page size 0 as no page size', () => {
    const c = parse('searchCriteria[pageSize]=0&searchCriteria[currentPage]=0');
    assert.equal(c.pageSize, undefined);
    assert.equal(c.currentPage, 1);
    assert.deepEqual(c.sent, { pageSize: false, currentPage: true });
  });
});

describe('parseSearchCriteria: limits', () => {
  const limits = { defaultPageSize: 20, maxPageSize: 300 };

  it('uses the default page size when none is sent, and does not mark it sent', () => {
    const c = parse('searchCriteria=', limits);
    assert.equal(c.pageSize, 20);
    assert.equal(c.sent?.pageSize, false);
  });

  it('applies the default to page size 0 too, so 0 cannot bypass the maximum', () => {
    assert.equal(parse('searchCriteria[pageSize]=0', limits).pageSize, 20);
  });

  it('accepts the maximum and refuses one more', () => {
    assert.equal(parse('searchCriteria[pageSize]=300', limits).pageSize, 300);
    const e = assertAppError(() => parse('searchCriteria[pageSize]=301', limits), 'maxPageSize', { max: 300 });
    assert.equal(e.message, 'Maximum SearchCriteria pageSize is 300');
  });

  it('caps an unsent page size at the maximum when no default is configured', () => {
    assert.equal(parse('searchCriteria=', { maxPageSize: 50 }).pageSize, 50);
    assert.equal(parse('searchCriteria[pageSize]=0', { maxPageSize: 50 }).pageSize, 50);
  });

  it('has no limits by default', () => {
    assert.equal(parse('searchCriteria[pageSize]=100000').pageSize, 100000);
  });
});

describe('parseSearchCriteria: errors', () => {
  it('requires searchCriteria', () => {
    assertAppError(() => parseSearchCriteria(undefined), 'fieldRequired', { fieldName: 'searchCriteria' });
  });

  it('refuses an unknown condition type, case-sensitively as Magento does', () => {
    assertAppError(() => parse(one('email', 'finset', 'x')), 'invalidConditionType', ['finset']);
    assertAppError(() => parse(one('email', 'EQ', 'x')), 'invalidConditionType', ['EQ']);
  });

  it('refuses an unknown sort direction', () => {
    assertAppError(
      () => parse('searchCriteria[sortOrders][0][field]=email&searchCriteria[sortOrders][0][direction]=up'),
      'invalidSortDirection',
      ['up'],
    );
  });

  it('requires a filter field and value, both at once as an aggregate', () => {
    assertAppError(() => parse(`${F}[0][filters][0][value]=x`), 'fieldRequired', { fieldName: 'field' });
    assertAppError(() => parse(`${F}[0][filters][0][field]=email&${F}[0][filters][0][value]=`), 'fieldRequired', {
      fieldName: 'value',
    });
    const e = assertAppError(() => parse(`${F}[0][filters][0][condition_type]=eq`), 'inputExceptions', undefined);
    assert.deepEqual(
      e.errors.map((x) => x.parameters),
      [{ fieldName: 'field' }, { fieldName: 'value' }],
    );
  });

  it('requires a sort field', () => {
    const noField = 'searchCriteria[sortOrders][0][direction]=ASC';
    assertAppError(() => parse(noField), 'fieldRequired', { fieldName: 'field' });
  });

  it('refuses a nested value where a string is expected', () => {
    const expected = { value: 'array', type: 'string' };
    assertAppError(() => parse(`${filterAt(0, 0, 'email')}&${F}[0][filters][0][value][x]=1`), 'invalidType', expected);
    assertAppError(() => parse(`${F}[0][filters][0][field][]=a&${F}[0][filters][0][value]=x`), 'invalidType', expected);
    const typeList = `${filterAt(0, 0, 'email', 'x')}&${F}[0][filters][0][condition_type][]=eq`;
    assertAppError(() => parse(typeList), 'invalidType', expected);
    assertAppError(
      () => parse('searchCriteria[sortOrders][0][field]=email&searchCriteria[sortOrders][0][direction][a]=ASC'),
      'invalidType',
      expected,
    );
  });

  it('refuses a page size or page that is not a non-negative integer', () => {
    assertAppError(() => parse('searchCriteria[pageSize]=abc'), 'invalidType', { value: 'abc', type: 'int' });
    assertAppError(() => parse('searchCriteria[pageSize]=-1'), 'invalidType', { value: '-1', type: 'int' });
    assertAppError(() => parse('searchCriteria[currentPage]=1.5'), 'invalidType', { value: '1.5', type: 'int' });
    const huge = '99999999999';
    assertAppError(() => parse(`searchCriteria[currentPage]=${huge}`), 'invalidType', { value: huge, type: 'int' });
    assertAppError(() => parse('searchCriteria[pageSize]=1&searchCriteria[pageSize]=2'), 'invalidType', {
      value: 'array',
      type: 'int',
    });
    assert.equal(parseSearchCriteria({ pageSize: 4 }).pageSize, 4);
  });

  it('refuses a scalar where an object or list is expected', () => {
    assertAppError(() => parse(`${F}[0][filters][0]=email`), 'invalidType', { value: 'string', type: 'array' });
    assertAppError(() => parse(`${F}=email`), 'invalidType', { value: 'string', type: 'array' });
  });
});

describe('parseSearchCriteria: bounds', () => {
  const times = (n: number, part: (i: number) => string) => q(...Array.from({ length: n }, (_, i) => part(i)));
  const groups = (n: number) => times(n, (i) => filterAt(i, 0, 'email', 'x'));
  const filters = (n: number) => times(n, (i) => filterAt(0, i, 'email', 'x'));
  const sorts = (n: number) => times(n, (i) => `searchCriteria[sortOrders][${i}][field]=email`);
  // 1,024 characters hold at most 513 real values, so only empty entries can reach the 1,000-value cap.
  const inList = (commas: number) => one('id', 'in', ','.repeat(commas));
  const long = (n: number) => filterAt(0, 0, 'email', 'a'.repeat(n));

  it('allows 20 groups, 20 filters, 5 sort orders, 1,000 list values, 1,024 characters', () => {
    assert.equal(parse(groups(20)).filterGroups.length, 20);
    assert.equal(parse(filters(20)).filterGroups[0].length, 20);
    assert.equal(parse(sorts(5)).sortOrders.length, 5);
    assert.equal(parse(inList(999)).filterGroups[0][0].value.length, 999);
    assert.equal(parse(long(1024)).filterGroups[0][0].value.length, 1024);
  });

  it('refuses one more of each', () => {
    assertAppError(() => parse(groups(21)), 'badRequest');
    assertAppError(() => parse(filters(21)), 'badRequest');
    assertAppError(() => parse(sorts(6)), 'badRequest');
    assertAppError(() => parse(inList(1000)), 'badRequest');
    assertAppError(() => parse(long(1025)), 'badRequest');
    assertAppError(() => parse(`searchCriteria[sortOrders][0][field]=${'a'.repeat(1025)}`), 'badRequest');
  });
});

describe('echoSearchCriteria', () => {
  it('echoes what was sent in Magento shape, condition_type only where given', () => {
    const c = parse(
      `${F}[0][filters][0][field]=email&${F}[0][filters][0][value]=a%25&${F}[0][filters][0][conditionType]=like` +
        `&${F}[0][filters][1][field]=firstname&${F}[0][filters][1][value]=Ann` +
        `&${F}[1][filters][0][field]=dob&${F}[1][filters][0][condition_type]=notnull` +
        '&searchCriteria[sortOrders][0][field]=email&searchCriteria[sortOrders][0][direction]=asc' +
        '&searchCriteria[pageSize]=10&searchCriteria[currentPage]=2',
    );
    assert.deepEqual(echoSearchCriteria(c), {
      filter_groups: [
        {
          filters: [
            { field: 'email', value: 'a%', condition_type: 'like' },
            { field: 'firstname', value: 'Ann' },
          ],
        },
        { filters: [{ field: 'dob', condition_type: 'notnull' }] },
      ],
      sort_orders: [{ field: 'email', direction: 'ASC' }],
      page_size: 10,
      current_page: 2,
    });
  });

  it('always has filter_groups and never a default', () => {
    assert.deepEqual(echoSearchCriteria(parse('searchCriteria=', { defaultPageSize: 20 })), { filter_groups: [] });
  });

  it('echoes hand-built criteria without sent flags as they are', () => {
    assert.deepEqual(echoSearchCriteria({ filterGroups: [], sortOrders: [], pageSize: 5, currentPage: 1 }), {
      filter_groups: [],
      page_size: 5,
      current_page: 1,
    });
  });
});

describe('clampPage', () => {
  const c = (pageSize: number | undefined, currentPage: number): SearchCriteria => ({
    filterGroups: [],
    sortOrders: [],
    pageSize,
    currentPage,
  });

  it('moves a page past the end to the last page', () => {
    assert.equal(clampPage(c(10, 5), 25).currentPage, 3);
    assert.equal(clampPage(c(10, 5), 30).currentPage, 3);
    assert.equal(clampPage(c(10, 2), 0).currentPage, 1);
  });

  it('leaves an in-range page, or criteria without a page size, untouched', () => {
    const inRange = c(10, 3);
    assert.equal(clampPage(inRange, 25), inRange);
    const all = c(undefined, 7);
    assert.equal(clampPage(all, 25), all);
  });
});

const FIELDS: Record<string, SearchField> = {
  entity_id: { column: 'entity_id', type: 'int' },
  email: { column: 'email', type: 'string' },
  firstname: { column: 'firstname', type: 'string' },
  lastname: { column: 'lastname', type: 'string' },
  group_id: { column: 'group_id', type: 'int' },
  dob: { column: 'dob', type: 'string' },
};

function sql(query: string) {
  return buildSearchSql(parse(query), FIELDS, 'entity_id ASC');
}

describe('buildSearchSql: one predicate per condition type', () => {
  const cases: [string, string, string | undefined, string, unknown[]][] = [
    ['email', 'eq', 'a@b.c', '(LOWER(email) = LOWER(?))', ['a@b.c']],
    ['email', 'neq', 'a@b.c', '(LOWER(email) <> LOWER(?))', ['a@b.c']],
    ['email', 'like', '%Ann%', "(LOWER(email) LIKE LOWER(?) ESCAPE '\\')", ['%Ann%']],
    ['email', 'nlike', 'a_%', "(NOT (LOWER(email) LIKE LOWER(?) ESCAPE '\\'))", ['a_%']],
    ['email', 'in', 'a, b ,c', '(LOWER(email) IN (LOWER(?), LOWER(?), LOWER(?)))', ['a', 'b', 'c']],
    ['email', 'nin', 'a,b', '(LOWER(email) NOT IN (LOWER(?), LOWER(?)))', ['a', 'b']],
    ['dob', 'gt', '1990', '(LOWER(dob) > LOWER(?))', ['1990']],
    ['dob', 'lt', '1990', '(LOWER(dob) < LOWER(?))', ['1990']],
    ['dob', 'gteq', '1990', '(LOWER(dob) >= LOWER(?))', ['1990']],
    ['dob', 'lteq', '1990', '(LOWER(dob) <= LOWER(?))', ['1990']],
    ['dob', 'moreq', '1990', '(LOWER(dob) >= LOWER(?))', ['1990']],
    ['dob', 'from', '1990', '(LOWER(dob) >= LOWER(?))', ['1990']],
    ['dob', 'to', '1990', '(LOWER(dob) <= LOWER(?))', ['1990']],
    ['dob', 'null', undefined, '(dob IS NULL)', []],
    ['dob', 'notnull', undefined, '(dob IS NOT NULL)', []],
  ];
  for (const [field, type, value, where, params] of cases) {
    it(`${type} → ${where}`, () => {
      const s = sql(one(field, type, value));
      assert.equal(s.where, where);
      assert.deepEqual(s.params, params);
    });
  }
});

describe('buildSearchSql: int columns', () => {
  const cases: [string, string, string, unknown[]][] = [
    ['eq', '5', '(entity_id = ?)', [5]],
    ['gt', ' -3 ', '(entity_id > ?)', [-3]],
    ['in', '1, x, 3', '(entity_id IN (?, ?))', [1, 3]],
    ['nin', '2,y', '(entity_id NOT IN (?))', [2]],
    ['like', '1%', "(CAST(entity_id AS TEXT) LIKE ? ESCAPE '\\')", ['1%']],
    // Values PostgreSQL cannot bind to an integer match nothing, or exclude nothing for the negations.
    ['eq', 'abc', '(1 = 0)', []],
    ['gteq', '1.5', '(1 = 0)', []],
    ['lt', '99999999999', '(1 = 0)', []],
    ['in', 'x,y', '(1 = 0)', []],
    ['neq', 'abc', '(entity_id IS NOT NULL)', []],
    ['nin', 'x', '(entity_id IS NOT NULL)', []],
  ];
  for (const [type, value, where, params] of cases) {
    it(`${type} ${JSON.stringify(value)} → ${where}`, () => {
      const s = sql(one('entity_id', type, value));
      assert.equal(s.where, where);
      assert.deepEqual(s.params, params);
    });
  }
});

describe('buildSearchSql: composition', () => {
  it('ORs filters in a group, ANDs groups, binds params in text order', () => {
    const s = sql(
      `${F}[0][filters][0][field]=firstname&${F}[0][filters][0][value]=Ann` +
        `&${F}[0][filters][1][field]=lastname&${F}[0][filters][1][value]=Smith` +
        `&${F}[1][filters][0][field]=group_id&${F}[1][filters][0][value]=2&${F}[2][filters]=`,
    );
    assert.equal(s.where, '((LOWER(firstname) = LOWER(?)) OR (LOWER(lastname) = LOWER(?))) AND (group_id = ?)');
    assert.deepEqual(s.params, ['Ann', 'Smith', 2]);
  });

  it('matches everything without filters, and has no page without a page size', () => {
    assert.deepEqual(sql('searchCriteria='), { where: '1 = 1', params: [], orderBy: 'entity_id ASC' });
  });

  it('orders by the sort orders, NULLs as MySQL puts them, then the tie-breaker', () => {
    const s = sql(
      'searchCriteria[sortOrders][0][field]=lastname&searchCriteria[sortOrders][0][direction]=ASC' +
        '&searchCriteria[sortOrders][1][field]=dob',
    );
    assert.equal(s.orderBy, 'lastname ASC NULLS FIRST, dob DESC NULLS LAST, entity_id ASC');
  });

  it('turns page size and page into limit and offset', () => {
    const s = sql('searchCriteria[pageSize]=10&searchCriteria[currentPage]=3');
    assert.equal(s.limit, 10);
    assert.equal(s.offset, 20);
  });

  it('doubles an unpaired trailing backslash in a like pattern', () => {
    assert.deepEqual(sql(one('email', 'like', 'a\\')).params, ['a\\\\']);
    assert.deepEqual(sql(one('email', 'like', 'a\\\\')).params, ['a\\\\']);
  });

  it('refuses fields outside the whitelist, including prototype names', () => {
    assertAppError(() => sql(one('id', 'eq', '1')), 'invalidAttributeName', ['id']);
    assertAppError(() => sql(one('constructor', 'eq', '1')), 'invalidAttributeName', ['constructor']);
    assertAppError(() => sql('searchCriteria[sortOrders][0][field]=password_hash'), 'invalidAttributeName', [
      'password_hash',
    ]);
  });
});

describe('buildSearchSql on a real SQLite database', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE customer (entity_id INTEGER PRIMARY KEY, email TEXT NOT NULL, firstname TEXT,
    lastname TEXT, group_id INTEGER, dob TEXT)`);
  const rows: [number, string, string, string, number, string | null][] = [
    [1, 'ann.lee@example.com', 'Ann', 'Lee', 1, '1990-01-05'],
    [2, 'BOB.stone@example.com', 'Bob', 'Stone', 1, null],
    [3, 'carl@shop.test', 'Carl', 'Smith', 2, '1985-06-30'],
    [4, 'dana@example.com', 'Dana', 'Smith', 2, null],
    [5, 'j_doe@example.com', 'John', 'Doe', 3, '1979-12-01'],
    [6, 'jxdoe@example.com', 'Jane', 'Doe', 1, '2001-02-14'],
    [7, 'eve@shop.test', 'Eve', 'Adams', 3, '1995-07-07'],
    [8, 'frank@example.com', 'Frank', 'Lee', 2, '1988-03-03'],
    [9, 'gina@shop.test', 'Gina', 'Stone', 1, null],
    [10, 'hal@example.com', 'Hal', 'Adams', 1, '1970-10-10'],
  ];
  const insert = db.prepare('INSERT INTO customer VALUES (?, ?, ?, ?, ?, ?)');
  for (const row of rows) insert.run(...row);

  /** The ids the route would return: parse, clamp against the count, then fetch the page. */
  function ids(query: string): number[] {
    const parsed = parse(query);
    const { where, params } = buildSearchSql(parsed, FIELDS, 'entity_id ASC');
    const { total } = db.prepare(`SELECT COUNT(*) AS total FROM customer WHERE ${where}`).get(...params) as {
      total: number;
    };
    const s = buildSearchSql(clampPage(parsed, total), FIELDS, 'entity_id ASC');
    const page = [s.limit ?? -1, s.offset ?? 0];
    const found = db
      .prepare(`SELECT entity_id FROM customer WHERE ${s.where} ORDER BY ${s.orderBy} LIMIT ? OFFSET ?`)
      .all(...s.params, ...page) as { entity_id: number }[];
    return found.map((r) => r.entity_id);
  }

  it('ORs within a group', () => {
    assert.deepEqual(ids(q(filterAt(0, 0, 'firstname', 'Ann'), filterAt(0, 1, 'lastname', 'Smith'))), [1, 3, 4]);
  });

  it('ANDs across groups', () => {
    const query = q(one('group_id', 'eq', '1'), filterAt(1, 0, 'email', '%@example.com', 'like'));
    assert.deepEqual(ids(query), [1, 2, 6, 10]);
  });

  it('matches like case-insensitively, with % and _ as wildcards and \\ as escape', () => {
    assert.deepEqual(ids(one('email', 'like', 'bob%')), [2]);
    assert.deepEqual(ids(one('firstname', 'like', 'JO%')), [5]);
    assert.deepEqual(ids(one('email', 'like', 'j_doe%')), [5, 6]);
    assert.deepEqual(ids(one('email', 'like', 'j\\_doe%')), [5]);
    assert.deepEqual(ids(one('email', 'like', 'x\\')), []);
    assert.deepEqual(ids(one('email', 'nlike', '%@SHOP.test')), [1, 2, 4, 5, 6, 8, 10]);
    assert.deepEqual(ids(one('entity_id', 'like', '1%')), [1, 10]);
  });

  it('filters by in and nin lists', () => {
    assert.deepEqual(ids(one('group_id', 'in', '2, 3')), [3, 4, 5, 7, 8]);
    assert.deepEqual(ids(one('lastname', 'nin', 'Lee,Stone')), [3, 4, 5, 6, 7, 10]);
    assert.deepEqual(ids(one('entity_id', 'in', '1,x,3')), [1, 3]);
  });

  it('filters by null, comparisons and a from/to range', () => {
    assert.deepEqual(ids(one('dob', 'null')), [2, 4, 9]);
    assert.deepEqual(ids(one('dob', 'notnull')), [1, 3, 5, 6, 7, 8, 10]);
    assert.deepEqual(ids(one('entity_id', 'gt', '8')), [9, 10]);
    assert.deepEqual(ids(one('entity_id', 'lteq', '2')), [1, 2]);
    assert.deepEqual(ids(one('group_id', 'neq', '1')), [3, 4, 5, 7, 8]);
    // Magento's documented range: from and to in separate groups, so they are ANDed.
    assert.deepEqual(ids(q(one('dob', 'from', '1980-01-01'), filterAt(1, 0, 'dob', '1990-12-31', 'to'))), [1, 3, 8]);
  });

  it('answers a non-numeric value on an int column with no rows, not an error', () => {
    assert.deepEqual(ids(one('entity_id', 'eq', 'abc')), []);
    assert.deepEqual(ids(one('group_id', 'gt', 'abc')), []);
    assert.deepEqual(ids(one('group_id', 'neq', 'abc')), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('sorts ascending, descending by default, NULLs lowest, ties by entity_id', () => {
    const sort = (field: string, direction?: string) => {
      const query = `searchCriteria[sortOrders][0][field]=${field}`;
      return direction ? `${query}&searchCriteria[sortOrders][0][direction]=${direction}` : query;
    };
    assert.deepEqual(ids(sort('lastname', 'asc')), [7, 10, 5, 6, 1, 8, 3, 4, 2, 9]);
    assert.deepEqual(ids(sort('lastname')), [2, 9, 3, 4, 1, 8, 5, 6, 7, 10]);
    assert.deepEqual(ids(sort('dob', 'ASC')), [2, 4, 9, 10, 5, 3, 8, 1, 7, 6]);
    assert.deepEqual(ids(sort('dob', 'DESC')), [6, 7, 1, 8, 3, 5, 10, 2, 4, 9]);
  });

  it('pages, and turns a page past the end into the last page', () => {
    const page = (n: number) => `searchCriteria[pageSize]=3&searchCriteria[currentPage]=${n}`;
    assert.deepEqual(ids(page(1)), [1, 2, 3]);
    assert.deepEqual(ids(page(2)), [4, 5, 6]);
    assert.deepEqual(ids(page(4)), [10]);
    assert.deepEqual(ids(page(99)), [10]);
    const pageOf = (groupId: string) =>
      q(one('group_id', 'eq', groupId), 'searchCriteria[pageSize]=2', 'searchCriteria[currentPage]=5');
    assert.deepEqual(ids(pageOf('2')), [8]);
    assert.deepEqual(ids(pageOf('9')), []);
  });
});
