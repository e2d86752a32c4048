// backends: sqlite, postgres
// Token calls and error responses in JSON and in XML, both ways: the request body (Content-Type) and the
// response (Accept). Expected bytes follow Magento: `Deserializer\Json`/`Deserializer\Xml` for requests,
// `Renderer\Json` (json_encode) and `Renderer\Xml` (DOMDocument, formatOutput, 2-space indent) for responses.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  SIGN_IN_INCORRECT,
  bothRequired,
  fieldRequired,
  notAuthorized,
  phpJson,
  routeNotFound,
} from '../helpers/magento-bodies.ts';
import { ADMIN, CUSTOMER, createTestServer, type CallResult, type TestServer } from '../helpers/test-app.ts';

const CUSTOMER_TOKEN_URL = '/rest/V1/integration/customer/token';
const ADMIN_TOKEN_URL = '/rest/V1/integration/admin/token';
const REVOKE_URL = '/rest/V1/integration/customer/revoke-customer-token';
const ME_URL = '/rest/V1/customers/me';

const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'application/xml; charset=utf-8';
const XML_HEAD = '<?xml version="1.0"?>\n';

const JSON_TOKEN = /^"[0-9a-z]{32}"$/;
const XML_TOKEN = /^<\?xml version="1\.0"\?>\n<response>([0-9a-z]{32})<\/response>\n$/;

const SIGN_IN_INCORRECT_JSON = phpJson(SIGN_IN_INCORRECT);
const SIGN_IN_INCORRECT_XML = `${XML_HEAD}<response>\n  <message>${SIGN_IN_INCORRECT.message}</message>\n</response>\n`;

const BOTH_REQUIRED_JSON = phpJson(bothRequired());
// DOMDocument::saveXML with formatOutput = true: two spaces per level, one element per line, `"` left as is.
const BOTH_REQUIRED_XML = [
  '<?xml version="1.0"?>',
  '<response>',
  '  <message>One or more input exceptions have occurred.</message>',
  '  <errors>',
  '    <item>',
  '      <message>"%fieldName" is required. Enter and try again.</message>',
  '      <parameters>',
  '        <fieldName>username</fieldName>',
  '      </parameters>',
  '    </item>',
  '    <item>',
  '      <message>"%fieldName" is required. Enter and try again.</message>',
  '      <parameters>',
  '        <fieldName>password</fieldName>',
  '      </parameters>',
  '    </item>',
  '  </errors>',
  '</response>',
  '',
].join('\n');

const USERNAME_REQUIRED_JSON = phpJson(fieldRequired('username'));
const USERNAME_REQUIRED_XML = [
  '<?xml version="1.0"?>',
  '<response>',
  '  <message>"%fieldName" is required. Enter and try again.</message>',
  '  <parameters>',
  '    <fieldName>username</fieldName>',
  '  </parameters>',
  '</response>',
  '',
].join('\n');

const SELF_JSON = phpJson(notAuthorized('self'));
const SELF_XML = [
  '<?xml version="1.0"?>',
  '<response>',
  "  <message>The consumer isn't authorized to access %resources.</message>",
  '  <parameters>',
  '    <resources>self</resources>',
  '  </parameters>',
  '</response>',
  '',
].join('\n');

const NO_ROUTE_JSON = phpJson(routeNotFound);
const NO_ROUTE_XML = `${XML_HEAD}<response>\n  <message>${routeNotFound.message}</message>\n</response>\n`;
const PATCH_JSON = '{"message":"The PATCH HTTP method is not supported."}';
const PATCH_XML = `${XML_HEAD}<response>\n  <message>The PATCH HTTP method is not supported.</message>\n</response>\n`;

/** Asserts status, exact Content-Type and exact body text. */
function assertResponse(actual: CallResult, status: number, contentType: string, text: string, label = ''): void {
  assert.equal(actual.status, status, `${label} status; body: ${actual.text}`);
  assert.equal(actual.headers['content-type'], contentType, `${label} content-type`);
  assert.equal(actual.text, text, `${label} body`);
}

/** Asserts a successful token response in the given format and answers the token. */
function assertToken(actual: CallResult, format: 'json' | 'xml', label = ''): string {
  assert.equal(actual.status, 200, `${label} status; body: ${actual.text}`);
  if (format === 'json') {
    assert.equal(actual.headers['content-type'], JSON_TYPE, `${label} content-type`);
    assert.match(actual.text, JSON_TOKEN, `${label} body`);
    return JSON.parse(actual.text) as string;
  }
  assert.equal(actual.headers['content-type'], XML_TYPE, `${label} content-type`);
  const match = XML_TOKEN.exec(actual.text);
  assert.ok(match, `${label} body ${JSON.stringify(actual.text)} is not <response>TOKEN</response>`);
  return match[1]!;
}

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface BodyVariant {
  name: string;
  contentType: string;
  body: (username: string, password: string) => string;
}

/** Every request-body form Magento reads for the token routes. */
const BODY_VARIANTS: BodyVariant[] = [
  {
    name: 'JSON',
    contentType: 'application/json',
    body: (username, password) => JSON.stringify({ username, password }),
  },
  {
    name: 'JSON with charset',
    contentType: 'application/json; charset=utf-8',
    body: (username, password) => JSON.stringify({ username, password }),
  },
  {
    name: 'XML <login> as application/xml',
    contentType: 'application/xml',
    body: (u, p) => `<login><username>${xmlEscape(u)}</username><password>${xmlEscape(p)}</password></login>`,
  },
  {
    name: 'XML with declaration as text/xml',
    contentType: 'text/xml',
    body: (u, p) =>
      `<?xml version="1.0"?>\n<login><username>${xmlEscape(u)}</username><password>${xmlEscape(p)}</password></login>`,
  },
  {
    name: 'XML <anything> as application/xhtml+xml',
    contentType: 'application/xhtml+xml',
    body: (u, p) => `<anything><password>${xmlEscape(p)}</password><username>${xmlEscape(u)}</username></anything>`,
  },
  {
    name: 'XML with declaration and charset=UTF-8',
    contentType: 'application/xml; charset=UTF-8',
    body: (u, p) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<anything>\n  <username>${xmlEscape(u)}</username>\n` +
      `  <!-- a comment -->\n  <password>${xmlEscape(p)}</password>\n</anything>\n`,
  },
  {
    name: 'XML with CDATA',
    contentType: 'application/xml',
    body: (u, p) => `<request><username><![CDATA[${u}]]></username><password><![CDATA[${p}]]></password></request>`,
  },
];

/** Accept header → the format Magento's RendererFactory picks (undefined: no Accept header at all). */
const ACCEPT_VARIANTS: Array<{ accept: string | undefined; format: 'json' | 'xml' }> = [
  { accept: undefined, format: 'json' },
  { accept: '', format: 'json' },
  { accept: '*/*', format: 'json' },
  { accept: 'application/json', format: 'json' },
  { accept: 'application/json, text/plain, */*', format: 'json' },
  { accept: 'application/xml', format: 'xml' },
  { accept: 'text/xml', format: 'xml' },
  { accept: 'text/*', format: 'xml' },
];

function headersFor(contentType: string | undefined, accept: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (accept !== undefined) headers.accept = accept;
  return headers;
}

describe('token requests in JSON and XML, answered in JSON and XML', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
  });
  after(() => s.close());

  const users = [
    { kind: 'customer', url: CUSTOMER_TOKEN_URL, username: CUSTOMER.email, password: CUSTOMER.password },
    { kind: 'admin', url: ADMIN_TOKEN_URL, username: ADMIN.username, password: ADMIN.password },
  ];
  for (const user of users) {
    for (const variant of BODY_VARIANTS) {
      test(`${user.kind} token from a ${variant.name} body, in every Accept format`, async () => {
        const seen = new Set<string>();
        for (const { accept, format } of ACCEPT_VARIANTS) {
          const label = `${user.kind} ${variant.name} Accept=${JSON.stringify(accept)}:`;
          const response = await s.call('POST', user.url, {
            body: variant.body(user.username, user.password),
            headers: headersFor(variant.contentType, accept),
          });
          const token = assertToken(response, format, label);
          assert.ok(!seen.has(token), `${label} every login issues a new token`);
          seen.add(token);
        }
      });
    }
  }

  test('Accept application/xml answers exactly <?xml version="1.0"?>\\n<response>TOKEN</response>\\n', async () => {
    const response = await s.call('POST', CUSTOMER_TOKEN_URL, {
      json: { username: CUSTOMER.email, password: CUSTOMER.password },
      headers: { accept: 'application/xml' },
    });
    const token = assertToken(response, 'xml');
    assert.equal(response.text, `<?xml version="1.0"?>\n<response>${token}</response>\n`);
  });

  test('a token from an XML login works as a Bearer token on /V1/customers/me', async () => {
    const login = await s.call('POST', CUSTOMER_TOKEN_URL, {
      body: `<login><username>${CUSTOMER.email}</username><password>${CUSTOMER.password}</password></login>`,
      headers: { 'content-type': 'application/xml', accept: 'application/xml' },
    });
    const token = assertToken(login, 'xml');
    const me = await s.call('GET', ME_URL, { token });
    assert.equal(me.status, 200, me.text);
    assert.equal(me.headers['content-type'], JSON_TYPE);
    const body = me.json as { id: number; email: string; firstname: string };
    assert.equal(body.email, CUSTOMER.email);
    assert.equal(body.id, 1);
    assert.equal(body.firstname, CUSTOMER.firstname);

    // The same call answered in XML names the same customer.
    const meXml = await s.call('GET', ME_URL, { token, headers: { accept: 'text/xml' } });
    assert.equal(meXml.status, 200);
    assert.equal(meXml.headers['content-type'], XML_TYPE);
    assert.ok(meXml.text.startsWith(`${XML_HEAD}<response>\n  <id>1</id>\n`), meXml.text);
    assert.ok(meXml.text.includes(`\n  <email>${CUSTOMER.email}</email>\n`), meXml.text);
  });

  test('an admin token from an XML login works as a Bearer token', async () => {
    const login = await s.call('POST', ADMIN_TOKEN_URL, {
      body: `<login><username>${ADMIN.username}</username><password>${ADMIN.password}</password></login>`,
      headers: { 'content-type': 'text/xml' },
    });
    const token = assertToken(login, 'json');
    const customer = await s.call('GET', '/rest/V1/customers/1', { token });
    assert.equal(customer.status, 200, customer.text);
    assert.equal((customer.json as { email: string }).email, CUSTOMER.email);
  });
});

describe('error bodies in JSON and in XML', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
  });
  after(() => s.close());

  test('401 wrong password: the generic message in JSON and in XML, whatever the request format', async () => {
    for (const url of [CUSTOMER_TOKEN_URL, ADMIN_TOKEN_URL]) {
      const username = url === CUSTOMER_TOKEN_URL ? CUSTOMER.email : ADMIN.username;
      assertResponse(
        await s.call('POST', url, { json: { username, password: 'wrong' } }),
        401,
        JSON_TYPE,
        SIGN_IN_INCORRECT_JSON,
        `${url} JSON→JSON`,
      );
      assertResponse(
        await s.call('POST', url, { json: { username, password: 'wrong' }, headers: { accept: 'application/xml' } }),
        401,
        XML_TYPE,
        SIGN_IN_INCORRECT_XML,
        `${url} JSON→XML`,
      );
      assertResponse(
        await s.call('POST', url, {
          body: `<login><username>${username}</username><password>wrong</password></login>`,
          headers: { 'content-type': 'application/xml', accept: 'application/xml' },
        }),
        401,
        XML_TYPE,
        SIGN_IN_INCORRECT_XML,
        `${url} XML→XML`,
      );
      assertResponse(
        await s.call('POST', url, {
          body: `<login><username>${username}</username><password>wrong</password></login>`,
          headers: { 'content-type': 'text/xml' },
        }),
        401,
        JSON_TYPE,
        SIGN_IN_INCORRECT_JSON,
        `${url} XML→JSON`,
      );
    }
    // A good login afterwards resets the failure count and still works.
    await s.customerToken();
    await s.adminToken();
  });

  test('400 both fields missing: the two-error body in JSON and, byte for byte, in XML', async () => {
    for (const url of [CUSTOMER_TOKEN_URL, ADMIN_TOKEN_URL]) {
      assertResponse(await s.call('POST', url, { json: {} }), 400, JSON_TYPE, BOTH_REQUIRED_JSON, `${url} {}`);
      assertResponse(
        await s.call('POST', url, { json: {}, headers: { accept: 'application/xml' } }),
        400,
        XML_TYPE,
        BOTH_REQUIRED_XML,
        `${url} {} Accept XML`,
      );
      assertResponse(
        await s.call('POST', url, {
          body: '<login><username/><password></password></login>',
          headers: { 'content-type': 'application/xml', accept: 'text/xml' },
        }),
        400,
        XML_TYPE,
        BOTH_REQUIRED_XML,
        `${url} empty XML elements`,
      );
      assertResponse(
        await s.call('POST', url, { body: '<login></login>', headers: { 'content-type': 'application/xml' } }),
        400,
        JSON_TYPE,
        BOTH_REQUIRED_JSON,
        `${url} empty XML root`,
      );
      assertResponse(
        await s.call('POST', url, { json: { username: '', password: '' }, headers: { accept: 'application/xml' } }),
        400,
        XML_TYPE,
        BOTH_REQUIRED_XML,
        `${url} empty strings`,
      );
    }
  });

  test('401 self on /V1/customers/me without a token, in JSON and in XML', async () => {
    assertResponse(await s.call('GET', ME_URL), 401, JSON_TYPE, SELF_JSON);
    assertResponse(await s.call('GET', ME_URL, { headers: { accept: 'application/xml' } }), 401, XML_TYPE, SELF_XML);
    assertResponse(
      await s.call('GET', ME_URL, {
        headers: { accept: 'text/xml', authorization: 'Bearer 0123456789abcdefghijklmnopqrstuv' },
      }),
      401,
      XML_TYPE,
      SELF_XML,
      'unknown token',
    );
  });

  test('404 no route, in JSON and in XML', async () => {
    assertResponse(await s.call('GET', '/rest/V1/no/such/route'), 404, JSON_TYPE, NO_ROUTE_JSON);
    assertResponse(
      await s.call('GET', '/rest/V1/no/such/route', { headers: { accept: 'application/xml' } }),
      404,
      XML_TYPE,
      NO_ROUTE_XML,
    );
    // A wrong method on a known URL is a 404 too.
    assertResponse(
      await s.call('GET', CUSTOMER_TOKEN_URL, { headers: { accept: 'application/xml' } }),
      404,
      XML_TYPE,
      NO_ROUTE_XML,
      'GET on the token route',
    );
  });

  test('405 for PATCH, in JSON and in XML', async () => {
    assertResponse(await s.call('PATCH', CUSTOMER_TOKEN_URL, { json: {} }), 405, JSON_TYPE, PATCH_JSON);
    assertResponse(await s.call('PATCH', ME_URL, { headers: { accept: 'application/xml' } }), 405, XML_TYPE, PATCH_XML);
  });

  test('an XML <username/> gives the 400 required error for username alone', async () => {
    assertResponse(
      await s.call('POST', CUSTOMER_TOKEN_URL, {
        body: '<login><username/><password>password</password></login>',
        headers: { 'content-type': 'application/xml' },
      }),
      400,
      JSON_TYPE,
      USERNAME_REQUIRED_JSON,
    );
    assertResponse(
      await s.call('POST', CUSTOMER_TOKEN_URL, {
        body: '<?xml version="1.0"?><login><username/><password>password</password></login>',
        headers: { 'content-type': 'application/xml', accept: 'application/xml' },
      }),
      400,
      XML_TYPE,
      USERNAME_REQUIRED_XML,
    );
    // Whitespace-only text is ignored by xmlToArray, which leaves an empty string: the same error.
    assertResponse(
      await s.call('POST', ADMIN_TOKEN_URL, {
        body: '<login><username>  \n </username><password>x</password></login>',
        headers: { 'content-type': 'text/xml' },
      }),
      400,
      JSON_TYPE,
      USERNAME_REQUIRED_JSON,
      'whitespace-only username',
    );
  });

  test('top-level JSON scalars and arrays are cast to arrays and miss both fields', async () => {
    for (const body of ['"abc"', '[]', '5', '["customer@example.com","password"]', 'null', 'true']) {
      assertResponse(
        await s.call('POST', CUSTOMER_TOKEN_URL, { body, headers: { 'content-type': 'application/json' } }),
        400,
        JSON_TYPE,
        BOTH_REQUIRED_JSON,
        `body ${body}`,
      );
    }
    assertResponse(
      await s.call('POST', ADMIN_TOKEN_URL, {
        body: '"abc"',
        headers: { 'content-type': 'application/json', accept: 'application/xml' },
      }),
      400,
      XML_TYPE,
      BOTH_REQUIRED_XML,
      'admin "abc" in XML',
    );
    // An XML root holding only text is a scalar too.
    assertResponse(
      await s.call('POST', CUSTOMER_TOKEN_URL, {
        body: '<login>abc</login>',
        headers: { 'content-type': 'application/xml' },
      }),
      400,
      JSON_TYPE,
      BOTH_REQUIRED_JSON,
      '<login>abc</login>',
    );
  });
});

describe('revoke-customer-token in JSON and XML', () => {
  let s: TestServer;
  const email = 'revoke@example.com';
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer({ email });
  });
  after(() => s.close());

  test('answers true in JSON and the token no longer works', async () => {
    const token = await s.customerToken(email);
    assertResponse(await s.call('POST', REVOKE_URL, { token }), 200, JSON_TYPE, 'true');
    assertResponse(await s.call('GET', ME_URL, { token }), 401, JSON_TYPE, SELF_JSON, 'after revoke');
  });

  test('answers <response>true</response> in XML', async () => {
    const token = await s.customerToken(email);
    assertResponse(
      await s.call('POST', REVOKE_URL, { token, headers: { accept: 'application/xml' } }),
      200,
      XML_TYPE,
      `${XML_HEAD}<response>true</response>\n`,
    );
    // Revoking again with the revoked token is a guest call to a self route.
    assertResponse(
      await s.call('POST', REVOKE_URL, { token, headers: { accept: 'application/xml' } }),
      401,
      XML_TYPE,
      SELF_XML,
      'second revoke',
    );
  });

  test('an XML request body on the revoke route does not change whose tokens are revoked', async () => {
    const token = await s.customerToken(email);
    assertResponse(
      await s.call('POST', REVOKE_URL, {
        token,
        body: '<request><customerId>999</customerId></request>',
        headers: { 'content-type': 'application/xml', accept: 'text/xml' },
      }),
      200,
      XML_TYPE,
      `${XML_HEAD}<response>true</response>\n`,
    );
    assertResponse(await s.call('GET', ME_URL, { token }), 401, JSON_TYPE, SELF_JSON, 'after revoke');
  });
});

describe('XML values are passed as untrimmed strings', () => {
  let s: TestServer;
  const email = 'spaces@example.com';
  const password = ' 00123 ';
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer({ email, password });
  });
  after(() => s.close());

  const xmlLogin = (pass: string) =>
    s.call('POST', CUSTOMER_TOKEN_URL, {
      body: `<login><username>${email}</username><password>${pass}</password></login>`,
      headers: { 'content-type': 'application/xml' },
    });

  test('<password> 00123 </password> signs in with the exact untrimmed value', async () => {
    const token = assertToken(await xmlLogin(' 00123 '), 'json');
    const me = await s.call('GET', ME_URL, { token });
    assert.equal(me.status, 200);
    assert.equal((me.json as { email: string }).email, email);
  });

  test('trimmed or number-converted forms of the password are refused', async () => {
    for (const pass of ['00123', '123', ' 123 ']) {
      assertResponse(await xmlLogin(pass), 401, JSON_TYPE, SIGN_IN_INCORRECT_JSON, `password ${JSON.stringify(pass)}`);
    }
    // JSON carries the same string; a JSON number is cast to "123", which is wrong too.
    assertToken(
      await s.call('POST', CUSTOMER_TOKEN_URL, { json: { username: email, password } }),
      'json',
      'JSON string',
    );
    assertResponse(
      await s.call('POST', CUSTOMER_TOKEN_URL, {
        body: `{"username":"${email}","password":123}`,
        headers: { 'content-type': 'application/json' },
      }),
      401,
      JSON_TYPE,
      SIGN_IN_INCORRECT_JSON,
      'JSON number',
    );
    // And the exact value still works afterwards (the failures did not lock the account).
    assertToken(await xmlLogin(password), 'json', 'after failures');
  });
});

describe('query-string parameters override body keys', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
  });
  after(() => s.close());

  test('a wrong password in the body is overridden by ?password= in the query', async () => {
    assertToken(
      await s.call('POST', `${CUSTOMER_TOKEN_URL}?password=${CUSTOMER.password}`, {
        json: { username: CUSTOMER.email, password: 'wrong' },
      }),
      'json',
    );
    assertToken(
      await s.call('POST', `${ADMIN_TOKEN_URL}?password=${ADMIN.password}`, {
        body: `<login><username>${ADMIN.username}</username><password>wrong</password></login>`,
        headers: { 'content-type': 'application/xml', accept: 'application/xml' },
      }),
      'xml',
    );
  });

  test('a right password in the body loses to a wrong one in the query', async () => {
    assertResponse(
      await s.call('POST', `${CUSTOMER_TOKEN_URL}?password=wrong`, {
        json: { username: CUSTOMER.email, password: CUSTOMER.password },
      }),
      401,
      JSON_TYPE,
      SIGN_IN_INCORRECT_JSON,
    );
  });

  test('with an empty body, both credentials can come from the query', async () => {
    const query = `?username=${encodeURIComponent(CUSTOMER.email)}&password=${CUSTOMER.password}`;
    const token = assertToken(await s.call('POST', `${CUSTOMER_TOKEN_URL}${query}`), 'json');
    assert.equal((await s.call('GET', ME_URL, { token })).status, 200);
    assertToken(
      await s.call('POST', `${ADMIN_TOKEN_URL}?username=${ADMIN.username}&password=${ADMIN.password}`, {
        headers: { accept: 'application/xml' },
      }),
      'xml',
    );
  });

  test('an empty query value still counts as given: the required error', async () => {
    assertResponse(
      await s.call('POST', `${CUSTOMER_TOKEN_URL}?username=`, {
        json: { username: CUSTOMER.email, password: CUSTOMER.password },
      }),
      400,
      JSON_TYPE,
      USERNAME_REQUIRED_JSON,
    );
  });
});
