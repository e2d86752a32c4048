// backends: sqlite, postgres
// Bad input never yields a 500 or a crash: malformed JSON and XML, wrong types, huge or deeply nested bodies,
// over-long headers and tokens all get a 4xx with Magento's error body, and the server answers the next request.
//
// Expected messages follow Magento 2.4 (`Webapi\Rest\Request`, `Deserializer\Json`/`Xml`, `ServiceInputProcessor`,
// `TypeProcessor`, `ErrorProcessor`). A type mismatch is a `SerializationException` that
// `ServiceInputProcessor::process()` rethrows as `new WebapiException(new Phrase($e->getMessage()))`: the
// message arrives rendered (`The "array" value's type is invalid...`) and without `parameters`.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import net from 'node:net';
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

const TOKEN_URL = '/rest/V1/integration/customer/token';
const ADMIN_TOKEN_URL = '/rest/V1/integration/admin/token';
const ME_URL = '/rest/V1/customers/me';

const JSON_TYPE = 'application/json; charset=utf-8';
const XML_TYPE = 'application/xml; charset=utf-8';
const JSON_CT = { 'content-type': 'application/json' };
const XML_CT = { 'content-type': 'application/xml' };
const ACCEPT_XML = { accept: 'application/xml' };
const JSON_TOKEN = /^"[0-9a-z]{32}"$/;
const ERROR_KEYS = new Set(['message', 'errors', 'code', 'parameters']);

const DECODING = 'Decoding error.';
const BOTH_REQUIRED_TEXT = phpJson(bothRequired());
/** Magento's rendered type-mismatch message (a WebapiException: no parameters). */
const typeMismatch = (value: string, type: string) =>
  `The "${value}" value's type is invalid. The "${type}" type was expected. Verify and try again.`;
const cannotUnderstand = (mediaType: string) =>
  `Server cannot understand Content-Type HTTP header media type ${mediaType}`;

/** A reproducible, incompressible string of `length` base64 characters. */
function noise(length: number): string {
  let out = '';
  for (let i = 0; out.length < length; i++) out += createHash('sha512').update(`keyway-${i}`).digest('base64');
  return out.slice(0, length);
}

interface Context {
  customerToken: string;
  adminToken: string;
}

interface Request {
  method?: string;
  url?: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

interface Case {
  name: string;
  request: (ctx: Context) => Request;
  status: number;
  /** Other statuses Magento could answer with for this input (never a 5xx). */
  alsoAllowed?: number[];
  /** Extra checks of a successful response (the default checks a token or the customer's own record). */
  check?: (response: CallResult) => void;
  /** The exact `message` of the error body (spreading one of Magento's bodies in sets it, and `parameters` with it). */
  message?: string;
  /** The exact `parameters` (own property `parameters: undefined` asserts there are none). */
  parameters?: unknown;
  /** The exact raw body text. */
  text?: string;
  /** The response is expected in XML (the request sent an XML Accept). */
  xml?: boolean;
  /** Run against the server whose body limit is 2048 bytes. */
  smallServer?: boolean;
}

const postToken = (body: string | Buffer, headers: Record<string, string> = JSON_CT): Request => ({
  method: 'POST',
  url: TOKEN_URL,
  body,
  headers,
});

const nested = (open: string, inner: string, close: string, depth: number) =>
  open.repeat(depth) + inner + close.repeat(depth);

const CASES: Case[] = [
  // ---- malformed JSON -------------------------------------------------------------------------------
  {
    name: 'truncated JSON {"username":',
    request: () => postToken('{"username":'),
    status: 400,
    message: DECODING,
    text: phpJson({ message: DECODING }),
  },
  {
    name: 'JSON with trailing garbage',
    request: () => postToken('{"username":"a","password":"b"} xyz'),
    status: 400,
    message: DECODING,
  },
  {
    name: 'JSON with single quotes',
    request: () => postToken("{'username':'a','password':'b'}"),
    status: 400,
    message: DECODING,
  },
  {
    name: 'JSON with a trailing comma',
    request: () => postToken('{"username":"a","password":"b",}'),
    status: 400,
    message: DECODING,
  },
  { name: 'whitespace-only JSON body', request: () => postToken('   \n'), status: 400, message: DECODING },
  {
    name: 'JSON starting with a UTF-8 byte-order mark',
    request: () => postToken('\ufeff{"username":"a","password":"b"}'),
    status: 400,
    message: DECODING,
  },
  {
    name: 'JSON with an unpaired surrogate escape',
    request: () => postToken('{"username":"\\ud800","password":"b"}'),
    status: 400,
    message: DECODING,
  },
  {
    name: 'invalid UTF-8 bytes in a JSON string',
    request: () =>
      postToken(
        Buffer.concat([
          Buffer.from('{"username":"'),
          Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from('","password":"b"}'),
        ]),
      ),
    status: 400,
    message: DECODING,
  },
  {
    name: 'a raw NUL byte inside a JSON string',
    request: () => postToken(Buffer.from('{"username":"a\u0000b","password":"b"}')),
    status: 400,
    message: DECODING,
  },
  { name: 'a body of NUL bytes', request: () => postToken(Buffer.alloc(64)), status: 400, message: DECODING },
  {
    name: 'an escaped \\u0000 is a valid string: failed login',
    request: () => postToken('{"username":"a\\u0000b","password":"b"}'),
    status: 401,
    ...SIGN_IN_INCORRECT,
  },
  {
    name: 'malformed JSON answered in XML',
    request: () => postToken('{"username":', { ...JSON_CT, ...ACCEPT_XML }),
    status: 400,
    message: DECODING,
    xml: true,
  },
  {
    name: 'JSON arrays nested 10,000 deep',
    request: () => postToken(nested('[', '', ']', 10_000)),
    status: 400,
    message: DECODING,
  },
  {
    name: 'JSON objects nested 10,000 deep',
    request: () => postToken(nested('{"a":', '1', '}', 10_000)),
    status: 400,
    message: DECODING,
  },
  // Keyway's hardening (not Magento, which has no prototypes): prototype-poisoning keys are a decoding error.
  {
    name: 'JSON with a __proto__ key',
    request: () => postToken('{"__proto__":{"isAdmin":true},"username":"a","password":"b"}'),
    status: 400,
    message: DECODING,
  },
  {
    name: 'JSON with constructor.prototype',
    request: () => postToken('{"constructor":{"prototype":{"isAdmin":true}},"username":"a","password":"b"}'),
    status: 400,
    message: DECODING,
  },

  // ---- wrong types ----------------------------------------------------------------------------------
  {
    name: 'numbers are cast to strings: {"username": 5, "password": 5}',
    request: () => postToken('{"username": 5, "password": 5}'),
    status: 401,
    ...SIGN_IN_INCORRECT,
    parameters: undefined,
  },
  {
    name: 'true is cast to "1"',
    request: () => postToken('{"username": true, "password": "x"}'),
    status: 401,
    ...SIGN_IN_INCORRECT,
  },
  {
    name: 'false is cast to "" and is required',
    request: () => postToken('{"username": false, "password": "x"}'),
    status: 400,
    ...fieldRequired('username'),
  },
  {
    name: 'a float too large for a double is INF, the string "INF": failed login',
    request: () => postToken(`{"username": "${CUSTOMER.email}", "password": 1e400}`),
    status: 401,
    ...SIGN_IN_INCORRECT,
  },
  {
    name: '{"username": ["a"]} is an array where a string is expected',
    request: () => postToken('{"username": ["a"], "password": "x"}'),
    status: 400,
    text: phpJson({ message: typeMismatch('array', 'string') }),
  },
  {
    name: '{"username": {"a":1}} is an array where a string is expected',
    request: () => postToken('{"username": {"a": 1}, "password": "x"}'),
    status: 400,
    message: typeMismatch('array', 'string'),
    parameters: undefined,
  },
  {
    name: 'an empty object as password is an array too',
    request: () => postToken(`{"username": "${CUSTOMER.email}", "password": {}}`),
    status: 400,
    message: typeMismatch('array', 'string'),
    parameters: undefined,
  },
  {
    name: 'an array password, answered in XML',
    request: () =>
      postToken(`{"username": "${CUSTOMER.email}", "password": ["password"]}`, { ...JSON_CT, accept: 'text/xml' }),
    status: 400,
    message: typeMismatch('array', 'string'),
    xml: true,
  },
  {
    name: '{"username": null, "password": null} misses both',
    request: () => postToken('{"username": null, "password": null}'),
    status: 400,
    text: BOTH_REQUIRED_TEXT,
  },
  { name: 'top-level JSON null misses both', request: () => postToken('null'), status: 400, text: BOTH_REQUIRED_TEXT },
  {
    name: 'the body "0" is no body at all (PHP falsy), even without Content-Type',
    request: () => postToken('0', {}),
    status: 400,
    text: BOTH_REQUIRED_TEXT,
  },
  {
    name: 'an incompressible 3,000-character username is just a failed login',
    request: () => postToken(JSON.stringify({ username: noise(3000), password: 'x' })),
    status: 401,
    ...SIGN_IN_INCORRECT,
  },
  {
    name: 'an incompressible 3,000-character admin username is just a failed login',
    request: () => ({ ...postToken(JSON.stringify({ username: noise(3000), password: 'x' })), url: ADMIN_TOKEN_URL }),
    status: 401,
    ...SIGN_IN_INCORRECT,
  },
  {
    name: 'an escaped \\u0000 in an admin username is a failed login',
    request: () => ({ ...postToken('{"username":"webapi\\u0000user","password":"123123q"}'), url: ADMIN_TOKEN_URL }),
    status: 401,
    ...SIGN_IN_INCORRECT,
  },
  {
    name: 'a 900 KB username is just a failed login',
    request: () => postToken(JSON.stringify({ username: 'a'.repeat(500_000), password: 'b'.repeat(400_000) })),
    status: 401,
    ...SIGN_IN_INCORRECT,
  },

  // ---- malformed or hostile XML ---------------------------------------------------------------------
  {
    name: 'malformed XML (mismatched tags)',
    request: () => postToken('<login><username>a</password></login>', XML_CT),
    status: 400,
    message: DECODING,
  },
  {
    name: 'truncated XML',
    request: () => postToken('<login><username>a</username><pass', XML_CT),
    status: 400,
    message: DECODING,
  },
  {
    name: 'XML with two root elements',
    request: () => postToken('<a></a><b></b>', XML_CT),
    status: 400,
    message: DECODING,
  },
  {
    name: 'XML with an undefined entity',
    request: () => postToken('<login><username>&foo;</username><password>x</password></login>', XML_CT),
    status: 400,
    message: DECODING,
  },
  {
    name: 'XML with a DOCTYPE and an external entity (XXE)',
    request: () =>
      postToken(
        '<?xml version="1.0"?><!DOCTYPE login [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
          '<login><username>&xxe;</username><password>x</password></login>',
        XML_CT,
      ),
    status: 400,
    message: DECODING,
  },
  {
    name: 'XML with a DOCTYPE and an internal entity',
    request: () =>
      postToken(
        `<!DOCTYPE login [<!ENTITY u "${CUSTOMER.email}">]><login><username>&u;</username><password>x</password></login>`,
        XML_CT,
      ),
    status: 400,
    message: DECODING,
  },
  {
    name: 'billion laughs',
    request: () => {
      let entities = '<!ENTITY lol0 "lol">';
      for (let i = 1; i <= 9; i++) entities += `<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`;
      return postToken(
        `<?xml version="1.0"?><!DOCTYPE lolz [${entities}]><lolz><username>&lol9;</username><password>x</password></lolz>`,
        XML_CT,
      );
    },
    status: 400,
    message: DECODING,
  },
  // Keyway's hardening (Magento would read it as an ordinary element).
  {
    name: 'XML with a <__proto__> element',
    request: () =>
      postToken(
        '<login><__proto__><isAdmin>1</isAdmin></__proto__><username>a</username><password>b</password></login>',
        XML_CT,
      ),
    status: 400,
    message: DECODING,
  },
  {
    name: 'XML nested 10,000 deep',
    request: () => postToken(nested('<a>', 'x', '</a>', 10_000), XML_CT),
    status: 400,
    message: DECODING,
  },
  {
    name: 'invalid UTF-8 bytes in XML',
    request: () =>
      postToken(
        Buffer.concat([
          Buffer.from('<l><username>'),
          Buffer.from([0xc3, 0x28]),
          Buffer.from('</username><password>x</password></l>'),
        ]),
        XML_CT,
      ),
    status: 400,
    message: DECODING,
  },
  {
    name: 'a NUL byte in XML',
    request: () => postToken('<l><username>a\u0000</username><password>x</password></l>', XML_CT),
    status: 400,
    message: DECODING,
  },
  {
    name: 'malformed XML answered in XML',
    request: () => postToken('<login><username>', { ...XML_CT, ...ACCEPT_XML }),
    status: 400,
    message: DECODING,
    xml: true,
  },
  {
    name: 'an XML element with attributes is an array',
    request: () => postToken('<l><username type="string">a</username><password>b</password></l>', XML_CT),
    status: 400,
    message: typeMismatch('array', 'string'),
    parameters: undefined,
  },
  {
    name: 'repeated XML elements are a list',
    request: () => postToken('<l><username>a</username><username>b</username><password>b</password></l>', XML_CT),
    status: 400,
    message: typeMismatch('array', 'string'),
    parameters: undefined,
  },

  // ---- Content-Type ---------------------------------------------------------------------------------
  {
    name: 'Content-Type charset=latin1',
    request: () => postToken('{}', { 'content-type': 'application/json; charset=latin1' }),
    status: 400,
    text: phpJson({ message: 'UTF-8 is the only supported charset.' }),
  },
  {
    name: 'Content-Type with a parameter other than charset',
    request: () => postToken('{}', { 'content-type': 'application/json; foo=bar' }),
    status: 400,
    text: phpJson({ message: 'Content-Type header is invalid.' }),
  },
  {
    name: 'multipart/form-data',
    request: () => postToken('--x\r\n\r\n', { 'content-type': 'multipart/form-data' }),
    status: 400,
    text: '{"message":"Server cannot understand Content-Type HTTP header media type multipart\\/form-data"}',
  },
  {
    name: 'multipart/form-data with a boundary parameter is an invalid header',
    request: () => postToken('--x\r\n\r\n', { 'content-type': 'multipart/form-data; boundary=x' }),
    status: 400,
    message: 'Content-Type header is invalid.',
  },
  {
    name: 'application/x-www-form-urlencoded',
    request: () =>
      postToken(`username=${CUSTOMER.email}&password=${CUSTOMER.password}`, {
        'content-type': 'application/x-www-form-urlencoded',
      }),
    status: 400,
    text: '{"message":"Server cannot understand Content-Type HTTP header media type application\\/x-www-form-urlencoded"}',
  },
  {
    name: 'text/plain',
    request: () => postToken('{}', { 'content-type': 'text/plain' }),
    status: 400,
    message: cannotUnderstand('text/plain'),
  },
  {
    name: 'media types compare case-sensitively',
    request: () => postToken('{}', { 'content-type': 'Application/JSON' }),
    status: 400,
    message: cannotUnderstand('Application/JSON'),
  },
  {
    name: 'a body without Content-Type',
    request: () => postToken('{}', {}),
    status: 400,
    text: phpJson({ message: 'Content-Type header is empty.' }),
  },
  {
    name: 'a body with an empty Content-Type',
    request: () => postToken('{}', { 'content-type': '' }),
    status: 400,
    message: 'Content-Type header is empty.',
  },
  {
    name: 'Content-Type ";"',
    request: () => postToken('{}', { 'content-type': ';' }),
    status: 400,
    message: 'Content-Type header is invalid.',
  },
  {
    name: 'a 2,000-character Content-Type',
    request: () => postToken('{}', { 'content-type': `application/json${' '.repeat(2000)}` }),
    status: 400,
    message: 'Content-Type header is invalid.',
  },
  {
    name: 'the caller is checked before the Content-Type',
    request: () => ({ method: 'PUT', url: ME_URL, body: 'x', headers: { 'content-type': 'text/plain' } }),
    status: 401,
    ...notAuthorized('self'),
  },

  // ---- Authorization --------------------------------------------------------------------------------
  {
    name: 'a 10 KB token on an anonymous route still lets the login through',
    request: () => ({
      ...postToken(JSON.stringify({ username: CUSTOMER.email, password: CUSTOMER.password })),
      headers: { ...JSON_CT, authorization: `Bearer ${'a'.repeat(10_240)}` },
    }),
    status: 200,
  },
  {
    name: 'a 10 KB token on /V1/customers/me',
    request: () => ({ url: ME_URL, headers: { authorization: `Bearer ${'a'.repeat(10_240)}` } }),
    status: 401,
    ...notAuthorized('self'),
  },
  {
    name: '"Bearer" with no token',
    request: () => ({ url: ME_URL, headers: { authorization: 'Bearer' } }),
    status: 401,
    ...notAuthorized('self'),
  },
  {
    name: '"Bearer " with an empty token',
    request: () => ({ url: ME_URL, headers: { authorization: 'Bearer ' } }),
    status: 401,
    ...notAuthorized('self'),
  },
  {
    name: '"Bearer  <valid>" (two spaces)',
    request: (ctx) => ({ url: ME_URL, headers: { authorization: `Bearer  ${ctx.customerToken}` } }),
    status: 401,
    ...notAuthorized('self'),
  },
  {
    name: '"Token <valid>"',
    request: (ctx) => ({ url: ME_URL, headers: { authorization: `Token ${ctx.customerToken}` } }),
    status: 401,
    ...notAuthorized('self'),
  },
  {
    name: '"Bearer <valid> extra"',
    request: (ctx) => ({ url: ME_URL, headers: { authorization: `Bearer ${ctx.customerToken} extra` } }),
    status: 401,
    ...notAuthorized('self'),
  },
  {
    name: 'a non-ASCII token',
    request: () => ({ url: ME_URL, headers: { authorization: 'Bearer tökén-ünïcödé' } }),
    status: 401,
    ...notAuthorized('self'),
  },
  {
    name: 'a 10 KB User-Agent on a login',
    request: () => ({
      ...postToken(JSON.stringify({ username: CUSTOMER.email, password: CUSTOMER.password })),
      headers: { ...JSON_CT, 'user-agent': 'x'.repeat(10_000) },
    }),
    status: 200,
  },

  // ---- query strings --------------------------------------------------------------------------------
  {
    name: 'a query string with 5,000 parameters',
    request: () => ({ url: `${ME_URL}?${Array.from({ length: 5000 }, (_, i) => `p${i}=1`).join('&')}` }),
    status: 400,
  },
  {
    name: 'a query nested 20 levels deep on a login',
    request: () => ({
      method: 'POST',
      url: `${TOKEN_URL}?username=${encodeURIComponent(CUSTOMER.email)}&password=${CUSTOMER.password}&a${'[b]'.repeat(20)}=1`,
    }),
    status: 200,
  },
  {
    name: 'a query nested 20 levels deep on /me',
    request: (ctx) => ({
      url: `${ME_URL}?a${'[b]'.repeat(20)}=1`,
      headers: { authorization: `Bearer ${ctx.customerToken}` },
    }),
    status: 200,
  },
  {
    name: 'a query array where a string is expected',
    request: () => ({ method: 'POST', url: `${TOKEN_URL}?username[]=a&password=b` }),
    status: 400,
    message: typeMismatch('array', 'string'),
    parameters: undefined,
  },
  {
    name: 'a %00 in a query username is a failed login',
    request: () => ({ method: 'POST', url: `${TOKEN_URL}?username=a%00b&password=b` }),
    status: 401,
    ...SIGN_IN_INCORRECT,
  },
  {
    name: 'a %00 in a search filter value finds nothing',
    request: (ctx) => ({
      url: '/rest/V1/customers/search?searchCriteria[filterGroups][0][filters][0][field]=email&searchCriteria[filterGroups][0][filters][0][value]=a%00b',
      headers: { authorization: `Bearer ${ctx.adminToken}` },
    }),
    status: 200,
    check: (response) => assert.equal((response.json as { total_count: number }).total_count, 0),
  },
  {
    name: 'broken percent-encoding in the query',
    request: () => ({ method: 'POST', url: `${TOKEN_URL}?username=%E0%A4%A&password=%` }),
    status: 401,
    ...SIGN_IN_INCORRECT,
  },

  // ---- paths and methods ----------------------------------------------------------------------------
  {
    name: '/rest/V1/customers/%2e%2e%2fsecret as a guest',
    request: () => ({ url: '/rest/V1/customers/%2e%2e%2fsecret' }),
    status: 401,
    ...notAuthorized('Magento_Customer::customer'),
  },
  {
    name: '/rest/V1/customers/%2e%2e%2fsecret as an admin: not an int',
    request: (ctx) => ({
      url: '/rest/V1/customers/%2e%2e%2fsecret',
      headers: { authorization: `Bearer ${ctx.adminToken}` },
    }),
    status: 400,
    text: phpJson({ message: typeMismatch('../secret', 'int') }),
  },
  // Normalised by the HTTP layer (404), or kept as the service path `/../etc/passwd` (400 not processable).
  { name: '/rest/../etc/passwd', request: () => ({ url: '/rest/../etc/passwd' }), status: 404, alsoAllowed: [400] },
  {
    name: 'broken percent-encoding in the path',
    request: () => ({ url: '/rest/V1/customers/%' }),
    status: 401,
    ...notAuthorized('Magento_Customer::customer'),
  },
  {
    name: 'a 10 KB path segment',
    request: () => ({ url: `/rest/V1/customers/${'a'.repeat(10_000)}` }),
    status: 401,
    ...notAuthorized('Magento_Customer::customer'),
  },
  {
    name: 'PATCH',
    request: () => ({ method: 'PATCH', url: TOKEN_URL, body: '{}', headers: JSON_CT }),
    status: 405,
    text: phpJson({ message: 'The PATCH HTTP method is not supported.' }),
  },
  {
    name: 'OPTIONS',
    request: () => ({ method: 'OPTIONS', url: ME_URL }),
    status: 405,
    message: 'The OPTIONS HTTP method is not supported.',
  },
  {
    name: 'TRACE',
    request: () => ({ method: 'TRACE', url: ME_URL }),
    status: 405,
    message: 'The TRACE HTTP method is not supported.',
  },
  { name: 'HEAD', request: () => ({ method: 'HEAD', url: ME_URL }), status: 405 },
  {
    name: 'an unknown store code',
    request: () => ({ url: '/rest/nostore/V1/customers/me' }),
    status: 400,
    text: phpJson({ message: 'Specified request cannot be processed.' }),
  },
  {
    name: 'an unknown API version',
    request: () => ({ url: '/rest/V2/customers/me' }),
    status: 404,
    text: phpJson(routeNotFound),
  },
  {
    name: 'a non-numeric customer id as an admin',
    request: (ctx) => ({ url: '/rest/V1/customers/abc', headers: { authorization: `Bearer ${ctx.adminToken}` } }),
    status: 400,
    text: phpJson({ message: typeMismatch('abc', 'int') }),
  },
  ...['""', '5', '[]'].map(
    (customer): Case => ({
      name: `PUT /V1/customers/me with {"customer": ${customer}}`,
      request: (ctx) => ({
        method: 'PUT',
        url: ME_URL,
        body: `{"customer": ${customer}}`,
        headers: { ...JSON_CT, authorization: `Bearer ${ctx.customerToken}` },
      }),
      status: 400,
    }),
  ),
  {
    name: 'PUT /V1/customers/me with a NUL in the first name',
    request: (ctx) => ({
      method: 'PUT',
      url: ME_URL,
      body: `{"customer": {"email": "${CUSTOMER.email}", "firstname": "Jo\\u0000hn", "lastname": "Smith"}}`,
      headers: { ...JSON_CT, authorization: `Bearer ${ctx.customerToken}` },
    }),
    // Magento 2.4.7's name validator refuses it ("First Name is not valid!"); older releases store it.
    status: 400,
    alsoAllowed: [200],
  },
  {
    name: 'a new account with a control character in its email',
    request: () => ({
      method: 'POST',
      url: '/rest/V1/customers',
      body: '{"customer": {"email": "new\\u0000user@example.com", "firstname": "New", "lastname": "User"}, "password": "Passw0rd!x"}',
      headers: JSON_CT,
    }),
    status: 400,
    message: '"Email" is not a valid email address.',
  },
  {
    name: 'PUT /V1/customers/me with an array email',
    request: (ctx) => ({
      method: 'PUT',
      url: ME_URL,
      body: '{"customer": {"email": ["a@b.c"]}}',
      headers: { ...JSON_CT, authorization: `Bearer ${ctx.customerToken}` },
    }),
    status: 400,
  },

  // ---- body size (server with bodyLimit 2048) -------------------------------------------------------
  {
    name: 'a 4 KiB body over a 2048-byte limit',
    request: () => postToken(JSON.stringify({ username: CUSTOMER.email, password: 'x'.repeat(4096) })),
    status: 413,
    text: '{"message":"The request body is larger than 2048 bytes."}',
    smallServer: true,
  },
  {
    name: 'a 4 KiB XML body over the limit, answered in XML',
    request: () => postToken(`<login><username>${'a'.repeat(4096)}</username></login>`, { ...XML_CT, ...ACCEPT_XML }),
    status: 413,
    message: 'The request body is larger than 2048 bytes.',
    xml: true,
    smallServer: true,
  },
  {
    name: 'a body just under the limit is processed',
    request: () => postToken(JSON.stringify({ username: CUSTOMER.email, password: 'x'.repeat(1900) })),
    status: 401,
    ...SIGN_IN_INCORRECT,
    smallServer: true,
  },
];

/** Checks one response against its case: never a 5xx, the exact status, and Magento's error body. */
function checkResponse(c: Case, request: Request, response: CallResult): void {
  assert.ok(response.status < 500, `no 5xx: got ${response.status} ${response.text.slice(0, 300)}`);
  const statuses = [c.status, ...(c.alsoAllowed ?? [])];
  assert.ok(
    statuses.includes(response.status),
    `status ${response.status} is not ${statuses.join(' or ')}; body: ${response.text.slice(0, 300)}`,
  );
  const method = request.method ?? 'GET';
  if (method === 'HEAD') return;

  if (response.status === 200) {
    assert.equal(response.headers['content-type'], JSON_TYPE);
    if (c.check) c.check(response);
    else if (request.url?.includes('/token')) assert.match(response.text, JSON_TOKEN);
    else assert.equal((response.json as { email?: string }).email, CUSTOMER.email);
    return;
  }

  if (c.text !== undefined) assert.equal(response.text, c.text, 'exact body');
  let message: string;
  if (c.xml) {
    assert.equal(response.headers['content-type'], XML_TYPE);
    const match = /^<\?xml version="1\.0"\?>\n<response>\n {2}<message>([^<]*)<\/message>\n/.exec(response.text);
    assert.ok(match, `an XML <response><message> body: ${response.text.slice(0, 300)}`);
    message = match[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.ok(response.text.endsWith('</response>\n'));
  } else {
    assert.equal(response.headers['content-type'], JSON_TYPE);
    const body = response.json as Record<string, unknown> | undefined;
    assert.ok(
      body !== null && typeof body === 'object' && !Array.isArray(body),
      `a JSON object body: ${response.text.slice(0, 300)}`,
    );
    assert.equal(typeof body.message, 'string', 'a string message');
    for (const key of Object.keys(body))
      assert.ok(ERROR_KEYS.has(key), `unexpected key ${key} in ${response.text.slice(0, 300)}`);
    message = body.message as string;
    if (Object.hasOwn(c, 'parameters')) assert.deepEqual(body.parameters, c.parameters, 'parameters');
  }
  assert.ok(message.length > 0, 'a non-empty message');
  if (c.message !== undefined) assert.equal(message, c.message, 'message');
}

/** After each case the server still signs a customer in, and the token works. */
async function assertHealthy(s: TestServer): Promise<void> {
  const login = await s.call('POST', TOKEN_URL, { json: { username: CUSTOMER.email, password: CUSTOMER.password } });
  assert.equal(login.status, 200, `the next login still works: ${login.text}`);
  const me = await s.call('GET', ME_URL, { token: login.json as string });
  assert.equal(me.status, 200, `the next /me still works: ${me.text}`);
  assert.equal((me.json as { email: string }).email, CUSTOMER.email);
}

describe("bad input gets a 4xx with Magento's error body, and the server answers the next request", () => {
  let s: TestServer;
  let small: TestServer;
  const ctx: Context = { customerToken: '', adminToken: '' };
  let ran = 0;
  let held = 0;

  before(async () => {
    [s, small] = await Promise.all([createTestServer(), createTestServer({ http: { bodyLimit: 2048 } })]);
    await Promise.all([s.seedCustomer(), small.seedCustomer(), s.seedAdmin(ADMIN.username, ADMIN.password)]);
    ctx.customerToken = await s.customerToken();
    ctx.adminToken = await s.adminToken();
  });
  after(async () => {
    console.log(`bad-input: ${ran} cases ran, ${held} held, ${ran - held} failed (table of ${CASES.length})`);
    await Promise.all([s?.close(), small?.close()]);
  });

  test('the table holds at least 40 cases with unique names', () => {
    assert.ok(CASES.length >= 40, `${CASES.length} cases`);
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length);
  });

  for (const c of CASES) {
    test(c.name, async () => {
      ran += 1;
      const server = c.smallServer ? small : s;
      const request = c.request(ctx);
      const response = await server.call(request.method ?? 'GET', request.url ?? TOKEN_URL, {
        body: request.body,
        headers: request.headers,
      });
      checkResponse(c, request, response);
      await assertHealthy(server);
      // The session tokens of the table are still good too.
      assert.equal((await s.call('GET', ME_URL, { token: ctx.customerToken })).status, 200);
      held += 1;
    });
  }
});

describe('on a real port', () => {
  let s: TestServer;
  let base: string;
  let port: number;

  before(async () => {
    s = await createTestServer();
    await s.seedCustomer();
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    port = (s.app.server.address() as net.AddressInfo).port;
    base = `http://127.0.0.1:${port}`;
  });
  after(() => s.close());

  /** Writes raw bytes on a new connection and answers everything the server sent before closing it. */
  function rawRequest(data: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1');
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no answer; got ${Buffer.concat(chunks).toString()}`));
      }, 5000);
      socket.on('data', (chunk) => chunks.push(chunk));
      // The server may close before the whole request is written: EPIPE/ECONNRESET are expected then.
      socket.on('error', () => {});
      socket.on('close', () => {
        clearTimeout(timer);
        resolve(Buffer.concat(chunks).toString('utf8'));
      });
      socket.write(data);
    });
  }

  async function assertLoginWorks(): Promise<void> {
    const response = await fetch(`${base}${TOKEN_URL}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: CUSTOMER.email, password: CUSTOMER.password }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), JSON_TYPE);
    assert.match(await response.text(), JSON_TOKEN);
  }

  test('headers over 16 KiB get a 431 with a JSON message, and the next connection is served', async () => {
    const answer = await rawRequest(
      `GET ${ME_URL} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: ${'a'.repeat(17 * 1024)}\r\n\r\n`,
    );
    assert.ok(answer.startsWith('HTTP/1.1 431'), `a 431 status line: ${answer.slice(0, 200)}`);
    const [head, body = ''] = answer.split('\r\n\r\n', 2);
    assert.match(head!, /^content-type: application\/json; charset=utf-8$/im);
    const parsed = JSON.parse(body) as { message?: unknown };
    assert.equal(typeof parsed.message, 'string');
    assert.ok((parsed.message as string).length > 0);
    await assertLoginWorks();
  });

  test('an over-long Authorization header (but under 16 KiB) is a guest, not a failure', async () => {
    const authorization = `Bearer ${'z'.repeat(10_240)}`;
    const me = await fetch(`${base}${ME_URL}`, { headers: { authorization } });
    assert.equal(me.status, 401);
    assert.deepEqual(await me.json(), notAuthorized('self'));
    const login = await fetch(`${base}${TOKEN_URL}`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/xml' },
      body: `<login><username>${CUSTOMER.email}</username><password>${CUSTOMER.password}</password></login>`,
    });
    assert.equal(login.status, 200);
    assert.match(await login.text(), JSON_TOKEN);
  });

  test('a garbage request line gets a 400 with a JSON message, and the next connection is served', async () => {
    const answer = await rawRequest('GARBAGE\r\n\r\n');
    assert.ok(answer.startsWith('HTTP/1.1 400'), `a 400 status line: ${answer.slice(0, 200)}`);
    const body = answer.split('\r\n\r\n', 2)[1] ?? '';
    assert.equal(typeof (JSON.parse(body) as { message?: unknown }).message, 'string');
    await assertLoginWorks();
  });

  test('malformed JSON over a real connection is a 400 Decoding error', async () => {
    const response = await fetch(`${base}${TOKEN_URL}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    assert.equal(response.status, 400);
    assert.equal(await response.text(), '{"message":"Decoding error."}');
    await assertLoginWorks();
  });
});
