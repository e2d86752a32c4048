// Matching must pick the route Magento's Rest\Config::getRestRoutes + Rest\Router::match would pick.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRouteTable, parseWebapiXml, type RouteTable } from '../../src/webapi/index.ts';

function route(method: string, url: string, serviceMethod: string, extra = ''): string {
  return (
    `<route url="${url}" method="${method}"><service class="Test\\Api\\Service" method="${serviceMethod}"/>` +
    `<resources><resource ref="anonymous"/></resources>${extra}</route>`
  );
}

function tableOf(...routes: string[]): RouteTable {
  return createRouteTable(parseWebapiXml(`<routes>${routes.join('\n')}</routes>`, 'test-webapi.xml'));
}

const forced = '<data><parameter name="customerId" force="true">%customer_id%</parameter></data>';
// The Customer routes that make matching interesting, declared in Magento's order.
const customers = tableOf(
  route('GET', '/V1/customers/:customerId', 'getById'),
  route('POST', '/V1/customers', 'createAccount'),
  route('POST', '/V1/customers/', 'save'),
  route('PUT', '/V1/customers/:id', 'save'),
  route('PUT', '/V1/customers/me', 'saveSelf', forced),
  route('GET', '/V1/customers/me', 'getSelf', forced),
  route('GET', '/V1/customers/search', 'getList'),
  route('PUT', '/V1/customers/:email/activate', 'activate'),
  route('POST', '/V1/integration/customer/token', 'createCustomerAccessToken'),
);

const pick = (table: RouteTable, method: string, path: string) => {
  const match = table.match(method, path);
  return match && { serviceMethod: match.route.serviceMethod, params: match.params };
};

test('an exact url beats a pattern, and patterns capture path variables', () => {
  assert.deepEqual(pick(customers, 'GET', '/V1/customers/me'), { serviceMethod: 'getSelf', params: {} });
  assert.deepEqual(pick(customers, 'GET', '/V1/customers/5'), {
    serviceMethod: 'getById',
    params: { customerId: '5' },
  });
  assert.deepEqual(pick(customers, 'GET', '/V1/customers/search'), { serviceMethod: 'getList', params: {} });
  assert.deepEqual(pick(customers, 'PUT', '/V1/customers/me'), { serviceMethod: 'saveSelf', params: {} });
  assert.deepEqual(pick(customers, 'PUT', '/V1/customers/7'), { serviceMethod: 'save', params: { id: '7' } });
  assert.deepEqual(pick(customers, 'PUT', '/V1/customers/a@b.c/activate'), {
    serviceMethod: 'activate',
    params: { email: 'a@b.c' },
  });
});

test('captured parts are url-decoded like PHP urldecode', () => {
  assert.deepEqual(pick(customers, 'GET', '/V1/customers/a%20b')?.params, { customerId: 'a b' });
  assert.deepEqual(pick(customers, 'GET', '/V1/customers/a+b')?.params, { customerId: 'a b' });
  assert.deepEqual(pick(customers, 'GET', '/V1/customers/a%2Fb')?.params, { customerId: 'a/b' });
  assert.deepEqual(pick(customers, 'GET', '/V1/customers/100%')?.params, { customerId: '100%' });
  // The exact shortcut compares the raw path, so an encoded 'me' is not the me route but a customer id.
  assert.deepEqual(pick(customers, 'GET', '/V1/customers/m%65'), {
    serviceMethod: 'getById',
    params: { customerId: 'me' },
  });
});

test('the trailing slash makes POST /V1/customers and POST /V1/customers/ two routes', () => {
  assert.equal(pick(customers, 'POST', '/V1/customers')?.serviceMethod, 'createAccount');
  assert.equal(pick(customers, 'POST', '/V1/customers/')?.serviceMethod, 'save');
  // Not an exact url: both candidates match once slashes are trimmed, and '/V1/customers/' sorts last.
  assert.equal(pick(customers, 'POST', '//V1/customers'), undefined);
  assert.equal(pick(customers, 'POST', '/V1/customers//')?.serviceMethod, 'save');
  assert.equal(pick(customers, 'GET', '/V1/customers/5/')?.params.customerId, '5');
});

test('wrong method, extra parts and unknown urls do not match', () => {
  assert.equal(customers.match('POST', '/V1/customers/me'), undefined);
  assert.equal(customers.match('GET', '/V1/integration/customer/token'), undefined);
  assert.equal(customers.match('GET', '/V1/customers/5/extra/parts'), undefined);
  assert.equal(customers.match('DELETE', '/V1/customers/5'), undefined);
  assert.equal(customers.match('PATCH', '/V1/customers/5'), undefined);
  assert.equal(customers.match('get', '/V1/customers/5'), undefined);
  assert.equal(customers.match('GET', '/V1/Customers/5'), undefined);
  assert.equal(customers.match('GET', '/V1'), undefined);
  assert.equal(customers.match('GET', '/V2/customers/5'), undefined);
  assert.equal(customers.match('GET', '/V1/customers//5'), undefined);
});

test('an empty path part does not fill a variable', () => {
  const table = tableOf(route('GET', '/V1/carts/:cartId/items', 'getList'));
  assert.equal(table.match('GET', '/V1/carts//items'), undefined);
  assert.deepEqual(table.match('GET', '/V1/carts/3/items')?.params, { cartId: '3' });
});

test('when two patterns match, the last in ksort order of url wins, whatever the declaration order', () => {
  const special = route('GET', '/V1/things/special/:mode', 'special');
  const byId = route('GET', '/V1/things/:id/view', 'byId');
  for (const table of [tableOf(special, byId), tableOf(byId, special)]) {
    // ':' (0x3A) sorts before 's' (0x73), so '/V1/things/special/:mode' is last and wins.
    const match = pick(table, 'GET', '/V1/things/special/view');
    assert.equal(match?.serviceMethod, 'special');
    // Magento sets the params of every matching route on the request; the earlier match's capture stays.
    assert.deepEqual(match?.params, { id: 'special', mode: 'view' });
    assert.deepEqual(pick(table, 'GET', '/V1/things/9/view'), { serviceMethod: 'byId', params: { id: '9' } });
  }
  // Byte order, not dictionary order: ':Zed' (0x5A) sorts before ':abc' (0x61), so ':abc' is last and wins.
  const upper = route('GET', '/V1/items/:Zed', 'upper');
  const lower = route('GET', '/V1/items/:abc', 'lower');
  for (const table of [tableOf(upper, lower), tableOf(lower, upper)]) {
    assert.deepEqual(pick(table, 'GET', '/V1/items/5'), { serviceMethod: 'lower', params: { Zed: '5', abc: '5' } });
  }
});

test('candidates come from the service base /\\w+/\\w+ of the path, as in Magento', () => {
  const table = tableOf(route('GET', '/V1/customer-groups/:id', 'dashed'), route('GET', '/V1/-odd/:id', 'odd'));
  // Base 'V1/customer' still selects '/V1/customer-groups/:id'.
  assert.deepEqual(pick(table, 'GET', '/V1/customer-groups/4'), { serviceMethod: 'dashed', params: { id: '4' } });
  // No word character after 'V1/': Magento finds no base, so only the exact url can match.
  assert.equal(table.match('GET', '/V1/-odd/4'), undefined);
  assert.equal(pick(table, 'GET', '/V1/-odd/:id')?.serviceMethod, 'odd');
});

test('an exact hit on a url with variables still captures them, as Route::match does', () => {
  assert.deepEqual(pick(customers, 'GET', '/V1/customers/:customerId'), {
    serviceMethod: 'getById',
    params: { customerId: ':customerId' },
  });
});

test('the table is frozen, exposes its routes, and refuses duplicate routes', () => {
  assert.ok(Object.isFrozen(customers) && Object.isFrozen(customers.routes));
  assert.equal(customers.routes.length, 9);
  const routes = parseWebapiXml(`<routes>${route('GET', '/V1/a/b', 'one')}</routes>`, 'a.xml');
  assert.throws(() => createRouteTable([...routes, ...routes]), /a\.xml:1: route "GET \/V1\/a\/b": declared twice/);
  // A path's match is shared by every call of that path, so nobody may change it.
  const match = customers.match('GET', '/V1/customers/5');
  assert.ok(match && Object.isFrozen(match) && Object.isFrozen(match.params));
  assert.throws(() => {
    (match.params as Record<string, string>).customerId = 'changed';
  }, TypeError);
  assert.equal(customers.match('GET', '/V1/customers/5')?.params.customerId, '5');
});
