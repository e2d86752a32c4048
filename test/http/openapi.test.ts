// backends: sqlite, postgres
// GET /rest/<store>/schema?services=all: an OpenAPI 3.0 document of the routes the caller may use.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import { serviceKey } from '../../src/api/service-method.ts';
import { checkSchema } from '../helpers/schema-check.ts';
import { ADMIN, CUSTOMER, createTestServer, type TestServer } from '../helpers/test-app.ts';

type Doc = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Record<string, unknown>>>;
};

const GUEST_ROUTES = [
  'POST /V1/customers',
  'POST /V1/customers/isEmailAvailable',
  'POST /V1/integration/admin/token',
  'POST /V1/integration/customer/token',
];
const SELF_ROUTES = [
  'GET /V1/customers/me',
  'PUT /V1/customers/me',
  'PUT /V1/customers/me/password',
  'POST /V1/integration/customer/revoke-customer-token',
];
const VIEWER_ROUTES = ['GET /V1/customers/search', 'GET /V1/customers/{customerId}'];
const EVERY_ROUTE = [
  ...GUEST_ROUTES,
  ...SELF_ROUTES,
  ...VIEWER_ROUTES,
  'PUT /V1/customers/{customerId}',
  'DELETE /V1/customers/{customerId}',
  'GET /V1/store/storeViews',
  'GET /V1/store/storeGroups',
  'GET /V1/store/websites',
  'GET /V1/store/storeConfigs',
];

/** "METHOD /path" of every operation, sorted. */
function allRoutes(doc: Doc): string[] {
  return Object.entries(doc.paths)
    .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

/** The listed routes among Magento's, which this test knows by heart; other route files may add more. */
function routeList(doc: Doc): string[] {
  return allRoutes(doc).filter((route) => EVERY_ROUTE.includes(route));
}

const REFUSED = "The consumer isn't authorized to access %resources.";

describe('the schema endpoint', () => {
  let s: TestServer;
  const tokens: Record<string, string> = {};
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
    await s.keyway.admins.createRole('Viewers', ['Magento_Customer::customer']);
    await s.seedAdmin('viewer', 'viewer123q', 'Viewers');
    tokens.customer = await s.customerToken();
    tokens.admin = await s.adminToken();
    tokens.viewer = await s.adminToken('viewer', 'viewer123q');
  });
  after(() => s.close());

  async function schema(url: string, token?: string): Promise<Doc> {
    const response = await s.call('GET', url, { token });
    assert.equal(response.status, 200, response.text);
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    return response.json as Doc;
  }

  it('is a valid OpenAPI 3.0 document, for an Administrators admin and for a guest', async () => {
    for (const token of [tokens.admin, undefined]) {
      const validator = new Validator();
      const result = await validator.validate(await schema('/rest/default/schema?services=all', token));
      assert.deepEqual(result, { valid: true });
      assert.equal(validator.version, '3.0');
    }
  });

  it('lists exactly the routes the caller may use', async () => {
    const url = '/rest/default/schema?services=all';
    assert.deepEqual(routeList(await schema(url)), [...GUEST_ROUTES].sort());
    assert.deepEqual(routeList(await schema(url, 'not-a-valid-token'.padEnd(32, 'x'))), [...GUEST_ROUTES].sort());
    assert.deepEqual(routeList(await schema(url, tokens.customer)), [...GUEST_ROUTES, ...SELF_ROUTES].sort());
    assert.deepEqual(routeList(await schema(url, tokens.viewer)), [...GUEST_ROUTES, ...VIEWER_ROUTES].sort());
    assert.deepEqual(routeList(await schema(url, tokens.admin)), [...EVERY_ROUTE].sort());
  });

  it('decides per store as dispatch does: a customer is a guest under /rest/all', async () => {
    assert.deepEqual(
      routeList(await schema('/rest/all/schema?services=all', tokens.customer)),
      [...GUEST_ROUTES].sort(),
    );
    const customerCall = await s.call('GET', '/rest/all/V1/customers/me', { token: tokens.customer });
    assert.equal(customerCall.status, 401);
  });

  it('answers at every URL form Magento has, with the store in the server URL', async () => {
    assert.equal((await schema('/rest/schema?services=all')).servers[0]!.url, '/rest/default');
    assert.equal((await schema('/rest/default/schema?services=all')).servers[0]!.url, '/rest/default');
    assert.equal((await schema('/rest/all/schema?services=all')).servers[0]!.url, '/rest/all');
    assert.equal((await schema('/index.php/rest/default/schema?services=all')).servers[0]!.url, '/rest/default');
    assert.deepEqual(routeList(await schema('/rest/default/schema', tokens.admin)), [...EVERY_ROUTE].sort());
  });

  it('narrows to the named services, and refuses a malformed list as Magento does', async () => {
    const doc = await schema(
      '/rest/default/schema?services=integrationCustomerTokenServiceV1,customerAccountManagementV1',
      tokens.customer,
    );
    assert.deepEqual(routeList(doc), [
      'POST /V1/customers',
      'POST /V1/customers/isEmailAvailable',
      'POST /V1/integration/customer/revoke-customer-token',
      'POST /V1/integration/customer/token',
      'PUT /V1/customers/me/password',
    ]);
    const bad = await s.call('GET', '/rest/default/schema?services=not-a-service');
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.json, { message: 'Incorrect format of request URI or Requested services are missing.' });
    assert.equal((await s.call('GET', '/rest/unknown/schema')).status, 400);
  });

  it('describes access, parameters and bodies from the route table and the service arguments', async () => {
    const doc = await schema('/rest/default/schema?services=all', tokens.admin);
    const byId = doc.paths['/V1/customers/{customerId}']!.get!;
    assert.deepEqual(byId['x-keyway-resources'], ['Magento_Customer::customer']);
    assert.match(String(byId.description), /admin token whose role allows `Magento_Customer::customer`/);
    assert.deepEqual(byId.security, [{ bearer: [] }]);
    assert.deepEqual(byId.parameters, [
      { name: 'customerId', in: 'path', required: true, schema: { type: 'integer' } },
    ]);

    const me = doc.paths['/V1/customers/me']!.get!;
    assert.deepEqual(me['x-keyway-resources'], ['self']);
    assert.equal(me.parameters, undefined, 'customerId is forced from the token, so the client sends none');

    const token = doc.paths['/V1/integration/customer/token']!.post!;
    assert.deepEqual(token['x-keyway-resources'], ['anonymous']);
    assert.deepEqual(token.security, [{}, { bearer: [] }]);
    assert.deepEqual(
      (token.requestBody as { content: Record<string, { schema: unknown }> }).content['application/json']!.schema,
      {
        type: 'object',
        properties: { username: { type: 'string' }, password: { type: 'string' } },
        required: ['username', 'password'],
      },
    );

    const search = doc.paths['/V1/customers/search']!.get!;
    const names = (search.parameters as { name: string; in: string }[]).map(
      (parameter) => `${parameter.in}:${parameter.name}`,
    );
    assert.ok(names.includes('query:searchCriteria[pageSize]'));
    assert.ok(names.includes('query:searchCriteria[filterGroups][0][filters][0][field]'));

    const ids = Object.values(doc.paths).flatMap((operations) =>
      Object.values(operations).map((operation) => operation.operationId),
    );
    assert.equal(new Set(ids).size, ids.length, 'operation ids are unique');
    assert.ok(ids.includes('integrationCustomerTokenServiceV1CreateCustomerAccessTokenPost'));
  });

  it('documents every route of the table, with its path parameters and exactly the arguments its service declares', async () => {
    const doc = await schema('/rest/default/schema?services=all', tokens.admin);
    const json = (value: unknown) => JSON.parse(JSON.stringify(value ?? {})) as unknown;
    type Parameter = { name: string; in: string; required?: boolean; schema: unknown };
    type Body = { content: Record<string, { schema: { properties: Record<string, unknown>; required?: string[] } }> };
    for (const route of s.keyway.routes.routes) {
      const variables = route.url
        .split('/')
        .filter((segment) => segment.startsWith(':') && !segment.startsWith('::'))
        .map((segment) => segment.slice(1));
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const label = `${route.method} ${path}`;
      const operation = doc.paths[path]?.[route.method.toLowerCase()];
      assert.ok(operation, `${label} is in the document`);
      const service = s.keyway.services.get(serviceKey(route.serviceClass, route.serviceMethod))!;
      const declared = new Map(service.args.map((arg) => [arg.name, arg]));
      const forced = new Set(
        route.parameters.filter((parameter) => parameter.force).map((parameter) => parameter.name),
      );
      const sent = service.args.filter((arg) => !forced.has(arg.name) && !variables.includes(arg.name));

      const parameters = (operation.parameters ?? []) as Parameter[];
      const inPath = parameters.filter((parameter) => parameter.in === 'path');
      assert.deepEqual(
        inPath.map((parameter) => parameter.name),
        variables,
        `${label}: path parameters`,
      );
      for (const parameter of inPath) {
        const expected = declared.get(parameter.name)?.schema ?? { type: 'string' };
        assert.deepEqual(parameter.schema, json(expected), `${label}: ${parameter.name}`);
      }
      const inQuery = parameters.filter((parameter) => parameter.in === 'query');
      if (route.method === 'GET' || route.method === 'DELETE') {
        assert.equal(operation.requestBody, undefined, `${label}: no body`);
        // A structured argument is written as several bracketed parameters; each names its argument first.
        const roots = [...new Set(inQuery.map((parameter) => parameter.name.replace(/\[.*$/, '')))];
        assert.deepEqual(roots.sort(), sent.map((arg) => arg.name).sort(), `${label}: query parameters`);
      } else {
        assert.deepEqual(inQuery, [], `${label}: no query parameters`);
        const body = (operation.requestBody as Body | undefined)?.content['application/json']?.schema;
        assert.deepEqual(
          Object.keys(body?.properties ?? {}),
          sent.map((arg) => arg.name),
          `${label}: body properties`,
        );
        for (const arg of sent) assert.deepEqual(body!.properties[arg.name], json(arg.schema), `${label}: ${arg.name}`);
        const required = sent.filter((arg) => arg.required).map((arg) => arg.name);
        assert.deepEqual(body?.required ?? [], required, `${label}: required body properties`);
      }
      const answer = (operation.responses as Record<string, { content: Record<string, { schema: unknown }> }>)['200']!;
      assert.deepEqual(answer.content['application/json']!.schema, json(service.answer), `${label}: answer`);
    }
  });

  it('lists a route exactly when dispatch lets the caller through, for every route in the table', async () => {
    const callers = { guest: undefined, ...tokens };
    for (const [who, token] of Object.entries(callers)) {
      const listed = new Set(allRoutes(await schema('/rest/default/schema?services=all', token)));
      for (const route of s.keyway.routes.routes) {
        // A revocation would end the token this loop still needs; the built-in one is called further down.
        if (route.url.includes('revoke')) continue;
        const path = route.url.replace(/:(\w+)/g, '999');
        const response = await s.call(route.method, `/rest/default${path}`, {
          token,
          json: route.method === 'GET' ? undefined : {},
        });
        const refused = response.status === 401 && (response.json as { message?: string }).message === REFUSED;
        const label = `${route.method} ${route.url.replace(/:(\w+)/g, '{$1}')}`;
        assert.equal(listed.has(label), !refused, `${who}: ${label} answered ${response.status} ${response.text}`);
      }
    }
  });

  it('describes the answers real calls give', async () => {
    const doc = (await schema('/rest/default/schema?services=all', tokens.admin)) as Doc & {
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    const conforms = async (
      method: string,
      path: string,
      options: { token?: string; json?: unknown; query?: string } = {},
    ) => {
      const response = await s.call(method, `/rest/default${path}${options.query ?? ''}`, options);
      assert.equal(response.status, 200, `${method} ${path}: ${response.text}`);
      const template = path.replace(/\/\d+$/, '/{customerId}');
      const operation = doc.paths[template]![method.toLowerCase()]!;
      const answer = (
        operation.responses as Record<string, { content: Record<string, { schema: Record<string, unknown> }> }>
      )['200']!;
      assert.deepEqual(
        checkSchema(response.json, answer.content['application/json']!.schema, doc.components.schemas),
        [],
        `${method} ${path}`,
      );
      return response.json;
    };
    const customer = { email: 'new@example.com', firstname: 'Nina', lastname: 'New' };
    const created = (await conforms('POST', '/V1/customers', { json: { customer, password: 'Secret123!' } })) as {
      id: number;
    };
    await conforms('POST', '/V1/customers/isEmailAvailable', { json: { customerEmail: 'free@example.com' } });
    await conforms('POST', '/V1/integration/customer/token', {
      json: { username: CUSTOMER.email, password: CUSTOMER.password },
    });
    await conforms('POST', '/V1/integration/admin/token', {
      json: { username: ADMIN.username, password: ADMIN.password },
    });
    const address = {
      firstname: 'John',
      lastname: 'Smith',
      street: ['1 Main St'],
      city: 'Austin',
      postcode: '78701',
      country_id: 'US',
      telephone: '555-0100',
      region: { region_code: 'TX', region: 'Texas', region_id: 57 },
      region_id: 57,
      default_billing: true,
      default_shipping: true,
    };
    await conforms('PUT', '/V1/customers/me', {
      token: tokens.customer,
      json: { customer: { ...CUSTOMER, password: undefined, addresses: [address] } },
    });
    await conforms('GET', '/V1/customers/me', { token: tokens.customer });
    await conforms('GET', `/V1/customers/${created.id}`, { token: tokens.admin });
    await conforms('PUT', `/V1/customers/${created.id}`, {
      token: tokens.admin,
      json: { customer: { firstname: 'Nora' } },
    });
    await conforms('GET', '/V1/customers/search', { token: tokens.admin, query: '?searchCriteria=' });
    const criteria =
      '?searchCriteria[filterGroups][0][filters][0][field]=email&searchCriteria[filterGroups][0][filters][0][value]=%25example.com' +
      '&searchCriteria[filterGroups][0][filters][0][conditionType]=like&searchCriteria[sortOrders][0][field]=email' +
      '&searchCriteria[sortOrders][0][direction]=ASC&searchCriteria[pageSize]=1&searchCriteria[currentPage]=1';
    await conforms('GET', '/V1/customers/search', { token: tokens.admin, query: criteria });
    for (const list of ['storeViews', 'storeGroups', 'websites', 'storeConfigs'])
      await conforms('GET', `/V1/store/${list}`, { token: tokens.admin });
    await conforms('PUT', '/V1/customers/me/password', {
      token: tokens.customer,
      json: { currentPassword: CUSTOMER.password, newPassword: 'Changed123!' },
    });
    await conforms('POST', '/V1/integration/customer/revoke-customer-token', { token: tokens.customer });
    await conforms('DELETE', `/V1/customers/${created.id}`, { token: tokens.admin });
  });
});
