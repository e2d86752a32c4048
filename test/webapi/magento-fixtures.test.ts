// Magento's own route and ACL files (../shared/fixtures/magento) must load into the table Magento builds.
import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { createRouteTable, loadAclXml, loadWebapiXml, validateRoutes, type Route } from '../../src/webapi/index.ts';
import { sharedFixture, skipWithoutFixture } from '../helpers/shared-fixtures.ts';

const MAGENTO = sharedFixture('magento/');
const webapiFile = (module: string) => `${MAGENTO}${module}/etc/webapi.xml`;
const aclFiles = () => [`${MAGENTO}Backend/etc/acl.xml`, `${MAGENTO}Customer/etc/acl.xml`];

const fixturesAbsent = (t: TestContext): boolean => skipWithoutFixture(t, MAGENTO);

const find = (routes: readonly Route[], method: string, url: string): Route => {
  const route = routes.find((r) => r.method === method && r.url === url);
  assert.ok(route, `expected route ${method} ${url}`);
  return route;
};

test('every Magento webapi.xml loads with the number of routes it declares', (t) => {
  if (fixturesAbsent(t)) return;
  const counts = { Customer: 42, Integration: 2, Store: 4, Directory: 1 };
  for (const [module, count] of Object.entries(counts)) {
    assert.equal(loadWebapiXml([webapiFile(module)]).length, count, module);
  }
  assert.equal(loadWebapiXml(Object.keys(counts).map(webapiFile)).length, 49);
});

test('Customer routes carry Magento resources, forced parameters and source lines', (t) => {
  if (fixturesAbsent(t)) return;
  const routes = loadWebapiXml([webapiFile('Customer')]);
  const getMe = find(routes, 'GET', '/V1/customers/me');
  assert.deepEqual(getMe.resources, ['self']);
  assert.deepEqual(getMe.parameters, [{ name: 'customerId', force: true, value: '%customer_id%' }]);
  assert.equal(getMe.serviceClass, 'Magento\\Customer\\Api\\CustomerRepositoryInterface');
  assert.equal(getMe.serviceMethod, 'getById');
  assert.equal(getMe.secure, false);
  assert.equal(getMe.source.line, 152);
  assert.deepEqual(find(routes, 'PUT', '/V1/customers/me').parameters, [
    { name: 'customer.id', force: true, value: '%customer_id%' },
  ]);
  // Magento keys routes by the url string, so the trailing slash makes a second, differently protected route.
  const create = find(routes, 'POST', '/V1/customers');
  const save = find(routes, 'POST', '/V1/customers/');
  assert.deepEqual([create.serviceMethod, create.resources], ['createAccount', ['anonymous']]);
  assert.deepEqual([save.serviceMethod, save.resources], ['save', ['Magento_Customer::manage']]);
  assert.deepEqual(find(routes, 'GET', '/V1/customers/:customerId').resources, ['Magento_Customer::customer']);
  assert.ok(Object.isFrozen(getMe) && Object.isFrozen(getMe.parameters[0]));
});

test('Integration token routes and (this 2.0 copy of) Store routes are anonymous', (t) => {
  if (fixturesAbsent(t)) return;
  const integration = loadWebapiXml([webapiFile('Integration')]);
  for (const kind of ['admin', 'customer']) {
    assert.deepEqual(find(integration, 'POST', `/V1/integration/${kind}/token`).resources, ['anonymous']);
  }
  const store = loadWebapiXml([webapiFile('Store')]);
  assert.deepEqual(
    store.map((r) => r.url),
    ['/V1/store/storeViews', '/V1/store/storeGroups', '/V1/store/websites', '/V1/store/storeConfigs'],
  );
  assert.ok(store.every((r) => r.resources.length === 1 && r.resources[0] === 'anonymous'));
});

test('Backend and Customer acl.xml merge into one tree', (t) => {
  if (fixturesAbsent(t)) return;
  const acl = loadAclXml(aclFiles());
  assert.equal(acl.parentOf('Magento_Customer::manage'), 'Magento_Customer::customer');
  assert.equal(acl.parentOf('Magento_Customer::customer'), 'Magento_Backend::admin');
  assert.equal(acl.parentOf('Magento_Backend::admin'), undefined);
  assert.equal(acl.parentOf('Magento_Customer::config_customer'), 'Magento_Config::config');
  assert.equal(acl.parentOf('Magento_Config::config'), 'Magento_Backend::stores_settings');
  // Customer's file repeats Magento_Backend::admin without a title; Backend's title survives the merge.
  assert.equal(acl.title('Magento_Backend::admin'), 'Magento Admin');
  assert.equal(acl.title('Magento_Backend::marketing_seo'), 'SEO & Search');
  const ids = acl.ids();
  assert.equal(ids[0], 'Magento_Backend::all');
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(ids.indexOf('Magento_Backend::system_other_settings') < ids.indexOf('Magento_Customer::customer'));
});

test('Customer routes validate against the merged ACL, and match as Magento routes them', (t) => {
  if (fixturesAbsent(t)) return;
  const routes = loadWebapiXml(['Customer', 'Integration', 'Store', 'Directory'].map(webapiFile));
  const acl = loadAclXml(aclFiles());
  assert.doesNotThrow(() => validateRoutes(routes, acl));
  // Backend alone lacks Magento_Customer::*, so the same routes are refused.
  assert.throws(() => validateRoutes(routes, loadAclXml([aclFiles()[0]])), /Magento_Customer::/);
  const table = createRouteTable(routes);
  assert.equal(table.match('GET', '/V1/customers/me')?.route.parameters[0].name, 'customerId');
  assert.deepEqual(table.match('GET', '/V1/customers/5')?.params, { customerId: '5' });
  assert.equal(table.match('GET', '/V1/customers/5')?.route.url, '/V1/customers/:customerId');
  assert.equal(table.match('GET', '/V1/customerGroups/default')?.route.serviceMethod, 'getDefaultGroup');
  assert.deepEqual(table.match('GET', '/V1/customerGroups/default/3')?.params, { storeId: '3' });
  assert.equal(table.match('POST', '/V1/integration/customer/token')?.route.serviceMethod, 'createCustomerAccessToken');
  assert.equal(table.match('GET', '/V1/integration/customer/token'), undefined);
});
