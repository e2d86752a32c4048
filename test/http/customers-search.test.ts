// backends: sqlite, postgres
/**
 * GET /V1/customers/search over HTTP: Magento's searchCriteria query (filter groups, condition types, sort
 * orders, paging), the echoed `search_criteria`, input limits and the 400s.
 */
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestServer, ADMIN, type CallResult, type TestServer } from '../helpers/test-app.ts';
import { assertResponse, customerBody, fieldRequired, notAuthorized } from '../helpers/magento-bodies.ts';

const SEARCH = '/rest/V1/customers/search';

/** The customers seeded, in id order: [email, firstname, lastname, group]. Id 1 is the harness's own. */
const PEOPLE: [string, string, string, number][] = [
  ['customer@example.com', 'John', 'Smith', 1],
  ['alice@example.com', 'Alice', 'Anderson', 1],
  ['bob@example.com', 'Bob', 'Brown', 2],
  ['carol@shop.test', 'Carol', 'Clark', 2],
  ['dave@example.com', 'Dave', 'Davis', 3],
  ['eve@shop.test', 'Eve', 'Evans', 1],
  ['frank@example.com', 'Frank', 'Smith', 2],
  ['grace@shop.test', 'Grace', 'Green', 3],
  ['heidi@example.com', 'Heidi', 'Smith', 1],
  ['ivan@shop.test', 'Ivan', 'Irwin', 2],
  ['judy@example.com', 'Judy', 'Jones', 3],
  ['mallory@shop.test', 'Mallory', 'Moore', 1],
];

/** The customer with this id, as search items show it. */
function body(id: number): Record<string, unknown> {
  const [email, firstname, lastname, group] = PEOPLE[id - 1] ?? [`extra${id}@example.com`, `Extra${id}`, 'Extra', 1];
  return customerBody({ id, group_id: group, email, firstname, lastname });
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** A search answer: the items by id, the echoed criteria and the total. */
function assertResult(response: CallResult, ids: number[], searchCriteria: unknown, totalCount: number): void {
  assert.equal(response.status, 200, response.text);
  const json = response.json as { items: { id: number }[] };
  // First the ids, so a failure reads clearly; then the whole body, byte for byte.
  assert.deepEqual(
    json.items.map((item) => item.id),
    ids,
  );
  assertResponse(response, 200, { items: ids.map(body), search_criteria: searchCriteria, total_count: totalCount });
}

const F = 'searchCriteria[filter_groups]';

/** The query parameters of one filter; the value is URL-encoded, condition_type only when given. */
function filter(group: number, index: number, field: string, value: string, conditionType?: string): string {
  const at = `${F}[${group}][filters][${index}]`;
  let query = `${at}[field]=${field}&${at}[value]=${encodeURIComponent(value)}`;
  if (conditionType !== undefined) query += `&${at}[condition_type]=${conditionType}`;
  return query;
}

const sort = (index: number, field: string, direction?: string): string =>
  `searchCriteria[sort_orders][${index}][field]=${field}` +
  (direction === undefined ? '' : `&searchCriteria[sort_orders][${index}][direction]=${direction}`);

const q = (...parts: string[]): string => parts.join('&');

let s: TestServer;
let token: string;

async function search(query: string): Promise<CallResult> {
  return s.call('GET', `${SEARCH}?${query}`, { token });
}

beforeEach(async () => {
  s = await createTestServer();
  for (const [email, firstname, lastname] of PEOPLE) await s.seedCustomer({ email, firstname, lastname });
  await s.seedAdmin(ADMIN.username, ADMIN.password);
  token = await s.adminToken();
  for (const [index, [, , , group]] of PEOPLE.entries()) {
    if (group === 1) continue;
    const response = await s.call('PUT', `/rest/V1/customers/${index + 1}`, {
      token,
      json: { customer: { group_id: group } },
    });
    assert.equal(response.status, 200, response.text);
  }
});

afterEach(async () => {
  await s.close();
});

describe('filters', () => {
  it('eq on email answers exactly that customer', async () => {
    assertResult(
      await search(filter(0, 0, 'email', 'bob@example.com', 'eq')),
      [3],
      { filter_groups: [{ filters: [{ field: 'email', value: 'bob@example.com', condition_type: 'eq' }] }] },
      1,
    );
  });

  it('eq is the default condition type and is not echoed when not sent', async () => {
    assertResult(
      await search(filter(0, 0, 'email', 'bob@example.com')),
      [3],
      { filter_groups: [{ filters: [{ field: 'email', value: 'bob@example.com' }] }] },
      1,
    );
  });

  // Magento's customer_entity uses MySQL's case-insensitive collation, so `eq` on email matches any case
  // (Keyway's own `like` already ignores case, and sign-in matches emails case-insensitively).
  it('eq on email ignores case, as MySQL does', async () => {
    assertResult(
      await search(filter(0, 0, 'email', 'BOB@Example.COM', 'eq')),
      [3],
      { filter_groups: [{ filters: [{ field: 'email', value: 'BOB@Example.COM', condition_type: 'eq' }] }] },
      1,
    );
  });

  it('eq with no match answers no items', async () => {
    assertResult(
      await search(filter(0, 0, 'email', 'nobody@example.com', 'eq')),
      [],
      { filter_groups: [{ filters: [{ field: 'email', value: 'nobody@example.com', condition_type: 'eq' }] }] },
      0,
    );
  });

  it('like with %25 as the wildcard', async () => {
    const response = await s.call(
      'GET',
      `${SEARCH}?${F}[0][filters][0][field]=email&${F}[0][filters][0][value]=%25@shop.test&${F}[0][filters][0][condition_type]=like`,
      { token },
    );
    assertResult(
      response,
      [4, 6, 8, 10, 12],
      { filter_groups: [{ filters: [{ field: 'email', value: '%@shop.test', condition_type: 'like' }] }] },
      5,
    );
  });

  it('like ignores case', async () => {
    assertResult(
      await search(filter(0, 0, 'lastname', 'SMI%', 'like')),
      [1, 7, 9],
      { filter_groups: [{ filters: [{ field: 'lastname', value: 'SMI%', condition_type: 'like' }] }] },
      3,
    );
  });

  it('two filters in one group are ORed', async () => {
    assertResult(
      await search(q(filter(0, 0, 'lastname', 'Smith', 'eq'), filter(0, 1, 'firstname', 'Alice', 'eq'))),
      [1, 2, 7, 9],
      {
        filter_groups: [
          {
            filters: [
              { field: 'lastname', value: 'Smith', condition_type: 'eq' },
              { field: 'firstname', value: 'Alice', condition_type: 'eq' },
            ],
          },
        ],
      },
      4,
    );
  });

  it('two filter groups are ANDed', async () => {
    assertResult(
      await search(q(filter(0, 0, 'lastname', 'Smith', 'eq'), filter(1, 0, 'group_id', '2', 'eq'))),
      [7],
      {
        filter_groups: [
          { filters: [{ field: 'lastname', value: 'Smith', condition_type: 'eq' }] },
          { filters: [{ field: 'group_id', value: '2', condition_type: 'eq' }] },
        ],
      },
      1,
    );
  });

  it('in takes comma-separated values', async () => {
    assertResult(
      await search(filter(0, 0, 'group_id', '2,3', 'in')),
      [3, 4, 5, 7, 8, 10, 11],
      { filter_groups: [{ filters: [{ field: 'group_id', value: '2,3', condition_type: 'in' }] }] },
      7,
    );
    assertResult(
      await search(filter(0, 0, 'email', 'alice@example.com, judy@example.com', 'in')),
      [2, 11],
      {
        filter_groups: [
          { filters: [{ field: 'email', value: 'alice@example.com, judy@example.com', condition_type: 'in' }] },
        ],
      },
      2,
    );
  });

  it('nin, neq and the comparisons', async () => {
    const one = (field: string, value: string, conditionType: string) => ({
      filter_groups: [{ filters: [{ field, value, condition_type: conditionType }] }],
    });
    assertResult(await search(filter(0, 0, 'group_id', '1,2', 'nin')), [5, 8, 11], one('group_id', '1,2', 'nin'), 3);
    assertResult(
      await search(filter(0, 0, 'lastname', 'Smith', 'neq')),
      [2, 3, 4, 5, 6, 8, 10, 11, 12],
      one('lastname', 'Smith', 'neq'),
      9,
    );
    assertResult(await search(filter(0, 0, 'entity_id', '10', 'gt')), [11, 12], one('entity_id', '10', 'gt'), 2);
    assertResult(
      await search(filter(0, 0, 'entity_id', '10', 'gteq')),
      [10, 11, 12],
      one('entity_id', '10', 'gteq'),
      3,
    );
    assertResult(await search(filter(0, 0, 'entity_id', '3', 'lt')), [1, 2], one('entity_id', '3', 'lt'), 2);
    assertResult(await search(filter(0, 0, 'entity_id', '3', 'lteq')), [1, 2, 3], one('entity_id', '3', 'lteq'), 3);
  });

  it('from and to in two groups select a range', async () => {
    assertResult(
      await search(q(filter(0, 0, 'entity_id', '4', 'from'), filter(1, 0, 'entity_id', '6', 'to'))),
      [4, 5, 6],
      {
        filter_groups: [
          { filters: [{ field: 'entity_id', value: '4', condition_type: 'from' }] },
          { filters: [{ field: 'entity_id', value: '6', condition_type: 'to' }] },
        ],
      },
      3,
    );
  });

  it('treats a filter value as data, never as SQL', async () => {
    const value = "x' OR '1'='1";
    assertResult(
      await search(filter(0, 0, 'email', value, 'eq')),
      [],
      { filter_groups: [{ filters: [{ field: 'email', value, condition_type: 'eq' }] }] },
      0,
    );
  });
});

describe('sort orders', () => {
  it('sorts ASC and DESC, and echoes the sort orders', async () => {
    assertResult(
      await search(q(filter(0, 0, 'email', '%@shop.test', 'like'), sort(0, 'firstname', 'DESC'))),
      [12, 10, 8, 6, 4],
      {
        filter_groups: [{ filters: [{ field: 'email', value: '%@shop.test', condition_type: 'like' }] }],
        sort_orders: [{ field: 'firstname', direction: 'DESC' }],
      },
      5,
    );
    assertResult(
      await search(q(filter(0, 0, 'group_id', '3', 'eq'), sort(0, 'lastname', 'ASC'))),
      [5, 8, 11],
      {
        filter_groups: [{ filters: [{ field: 'group_id', value: '3', condition_type: 'eq' }] }],
        sort_orders: [{ field: 'lastname', direction: 'ASC' }],
      },
      3,
    );
  });

  it('applies several sort orders in turn', async () => {
    assertResult(
      await search(q(filter(0, 0, 'group_id', '1,2', 'in'), sort(0, 'group_id', 'DESC'), sort(1, 'firstname', 'ASC'))),
      [3, 4, 7, 10, 2, 6, 9, 1, 12],
      {
        filter_groups: [{ filters: [{ field: 'group_id', value: '1,2', condition_type: 'in' }] }],
        sort_orders: [
          { field: 'group_id', direction: 'DESC' },
          { field: 'firstname', direction: 'ASC' },
        ],
      },
      9,
    );
  });

  it('sorts descending when no direction is given', async () => {
    const response = await search(q(filter(0, 0, 'lastname', 'Smith', 'eq'), sort(0, 'firstname')));
    assert.equal(response.status, 200, response.text);
    assert.deepEqual(
      (response.json as { items: { id: number }[] }).items.map((item) => item.id),
      [1, 9, 7],
    );
  });

  it('accepts a lower-case direction and echoes it upper-case', async () => {
    assertResult(
      await search(q(filter(0, 0, 'lastname', 'Smith', 'eq'), sort(0, 'firstname', 'asc'))),
      [7, 9, 1],
      {
        filter_groups: [{ filters: [{ field: 'lastname', value: 'Smith', condition_type: 'eq' }] }],
        sort_orders: [{ field: 'firstname', direction: 'ASC' }],
      },
      3,
    );
  });
});

describe('paging', () => {
  it('pageSize and currentPage pick a page; total_count counts every match', async () => {
    assertResult(
      await search('searchCriteria[page_size]=5&searchCriteria[current_page]=2'),
      [6, 7, 8, 9, 10],
      { filter_groups: [], page_size: 5, current_page: 2 },
      12,
    );
    assertResult(
      await search('searchCriteria[page_size]=5&searchCriteria[current_page]=3'),
      [11, 12],
      { filter_groups: [], page_size: 5, current_page: 3 },
      12,
    );
  });

  it('pageSize alone answers the first page and echoes only page_size', async () => {
    assertResult(await search('searchCriteria[page_size]=3'), [1, 2, 3], { filter_groups: [], page_size: 3 }, 12);
  });

  it('currentPage alone is echoed alone', async () => {
    assertResult(
      await search('searchCriteria[current_page]=1'),
      range(1, 12),
      { filter_groups: [], current_page: 1 },
      12,
    );
  });

  it('a page past the end answers the last page, echoing the page asked for', async () => {
    assertResult(
      await search('searchCriteria[page_size]=5&searchCriteria[current_page]=99'),
      [11, 12],
      { filter_groups: [], page_size: 5, current_page: 99 },
      12,
    );
  });

  it('paging combines with filters and sorting', async () => {
    assertResult(
      await search(
        q(
          filter(0, 0, 'group_id', '1', 'eq'),
          sort(0, 'firstname', 'ASC'),
          'searchCriteria[page_size]=2&searchCriteria[current_page]=2',
        ),
      ),
      [9, 1],
      {
        filter_groups: [{ filters: [{ field: 'group_id', value: '1', condition_type: 'eq' }] }],
        sort_orders: [{ field: 'firstname', direction: 'ASC' }],
        page_size: 2,
        current_page: 2,
      },
      5,
    );
  });

  it('accepts pageSize 300 and refuses 301 with Magento’s message', async () => {
    assertResult(await search('searchCriteria[pageSize]=300'), range(1, 12), { filter_groups: [], page_size: 300 }, 12);
    assertResponse(await search('searchCriteria[pageSize]=301'), 400, {
      message: 'Maximum SearchCriteria pageSize is %max',
      parameters: { max: 300 },
    });
    assertResponse(await search('searchCriteria[page_size]=301&searchCriteria[current_page]=1'), 400, {
      message: 'Maximum SearchCriteria pageSize is %max',
      parameters: { max: 300 },
    });
  });
});

describe('the camelCase form', () => {
  it('reads filterGroups, conditionType, sortOrders, pageSize and currentPage, and echoes snake_case', async () => {
    const G = 'searchCriteria[filterGroups]';
    const query = q(
      `${G}[0][filters][0][field]=email`,
      `${G}[0][filters][0][value]=${encodeURIComponent('%@example.com')}`,
      `${G}[0][filters][0][conditionType]=like`,
      'searchCriteria[sortOrders][0][field]=email',
      'searchCriteria[sortOrders][0][direction]=ASC',
      'searchCriteria[pageSize]=3',
      'searchCriteria[currentPage]=2',
    );
    assertResult(
      await search(query),
      [5, 7, 9],
      {
        filter_groups: [{ filters: [{ field: 'email', value: '%@example.com', condition_type: 'like' }] }],
        sort_orders: [{ field: 'email', direction: 'ASC' }],
        page_size: 3,
        current_page: 2,
      },
      7,
    );
  });
});

describe('no criteria', () => {
  it('answers 400 required searchCriteria without any', async () => {
    const required = fieldRequired('searchCriteria');
    assertResponse(await s.call('GET', SEARCH, { token }), 400, required);
    assertResponse(await s.call('GET', `${SEARCH}?pageSize=5`, { token }), 400, required);
  });

  it('?searchCriteria= answers every customer with filter_groups [] echoed', async () => {
    assertResult(await search('searchCriteria='), range(1, 12), { filter_groups: [] }, 12);
  });

  it('?searchCriteria= answers the first 20 of 25 (default page size) and total_count 25; no page_size echoed', async () => {
    for (let id = 13; id <= 25; id++) {
      assert.equal(
        await s.seedCustomer({ email: `extra${id}@example.com`, firstname: `Extra${id}`, lastname: 'Extra' }),
        id,
      );
    }
    assertResult(await search('searchCriteria='), range(1, 20), { filter_groups: [] }, 25);
    // currentPage 2 of the default page size reaches the rest.
    assertResult(
      await search('searchCriteria[current_page]=2'),
      range(21, 25),
      { filter_groups: [], current_page: 2 },
      25,
    );
  });

  it('answers every match when input limits are disabled', async () => {
    for (let id = 13; id <= 25; id++) {
      await s.seedCustomer({ email: `extra${id}@example.com`, firstname: `Extra${id}`, lastname: 'Extra' });
    }
    await s.keyway.settings.set('webapi/validation/input_limit_enabled', '0');
    assertResult(await search('searchCriteria='), range(1, 25), { filter_groups: [] }, 25);
    assertResult(await search('searchCriteria[pageSize]=301'), range(1, 25), { filter_groups: [], page_size: 301 }, 25);
  });
});

describe('refusals', () => {
  it('answers 400 Invalid attribute name for an unknown filter field', async () => {
    assertResponse(await search(filter(0, 0, 'nonexistent', 'x', 'eq')), 400, {
      message: 'Invalid attribute name: %1',
      parameters: ['nonexistent'],
    });
    // Columns that exist but are not attributes are not reachable either.
    assertResponse(await search(filter(0, 0, 'password_hash', 'x', 'like')), 400, {
      message: 'Invalid attribute name: %1',
      parameters: ['password_hash'],
    });
  });

  it('answers 400 Invalid attribute name for an unknown sort field', async () => {
    assertResponse(await search(sort(0, 'password_hash', 'ASC')), 400, {
      message: 'Invalid attribute name: %1',
      parameters: ['password_hash'],
    });
  });

  it('answers 400 for an unknown condition type', async () => {
    assertResponse(await search(filter(0, 0, 'email', 'x', 'bogus')), 400, {
      message: 'Invalid condition type: %1',
      parameters: ['bogus'],
    });
  });

  it('answers 401 to a guest and to a customer, naming Magento_Customer::customer', async () => {
    const body = notAuthorized('Magento_Customer::customer');
    assertResponse(await s.call('GET', `${SEARCH}?searchCriteria=`), 401, body);
    const customerToken = await s.customerToken();
    assertResponse(await s.call('GET', `${SEARCH}?searchCriteria=`, { token: customerToken }), 401, body);
  });
});
