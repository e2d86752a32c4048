// parseWebapiXml / loadWebapiXml: what a valid route becomes, and every way a route file is refused.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadWebapiXml, parseWebapiXml } from '../../src/webapi/index.ts';
import { assertConfigError } from './config-error-assert.ts';

const FILE = 'Vendor/etc/webapi.xml';
const SERVICE = '<service class="Vendor\\Api\\Thing" method="get"/>';
const ANONYMOUS = '<resources><resource ref="anonymous"/></resources>';

/** A route file whose first <route> starts on line 3 (a comment holding a <route> sits on line 2). */
const file = (routeXml: string): string =>
  `<?xml version="1.0"?>\n<!-- <route url="/V1/commented/out" method="GET"/> -->\n<routes xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n${routeXml}\n</routes>\n`;
const routeXml = (attrs: string, body: string) => `<route ${attrs}>${body}</route>`;

test('a route keeps method, url, service, resources, parameters, secure and its line', () => {
  const [route] = parseWebapiXml(
    file(
      routeXml(
        'url=" /V1/things/:id " method="put" secure="true"',
        '<service class="\\Vendor\\Api\\Thing" method="save"/>' +
          '<resources><resource ref="Vendor::a"/><resource ref="self"/><resource ref="Vendor::a"/></resources>' +
          '<data><parameter name="thing.id" force="1"> %customer_id% </parameter><parameter name="a" force="YES">null</parameter>' +
          '<parameter name="b" force="false">x &amp; y</parameter><parameter name="c"></parameter><parameter name="d" force="on"/></data>',
      ),
    ),
    FILE,
  );
  assert.deepEqual(
    { ...route, parameters: [...route.parameters], resources: [...route.resources] },
    {
      method: 'PUT',
      url: '/V1/things/:id',
      serviceClass: 'Vendor\\Api\\Thing',
      serviceMethod: 'save',
      resources: ['Vendor::a', 'self'],
      parameters: [
        { name: 'thing.id', force: true, value: '%customer_id%' },
        { name: 'a', force: true, value: null },
        { name: 'b', force: false, value: 'x & y' },
        { name: 'c', force: false, value: '' },
        { name: 'd', force: true, value: '' },
      ],
      secure: true,
      source: { file: FILE, line: 4 },
    },
  );
  assert.ok(Object.isFrozen(route) && Object.isFrozen(route.resources) && Object.isFrozen(route.source));
});

test('line numbers count CRLF files and skip commented-out routes', () => {
  const text = `<routes>\r\n<!--\r\n<route url="/V1/x/y" method="GET"/>\r\n-->\r\n${routeXml('url="/V1/a/b" method="GET"', SERVICE + ANONYMOUS)}\r\n\r\n  ${routeXml('url="/V1/a/c" method="GET"', SERVICE + ANONYMOUS)}</routes>`;
  assert.deepEqual(
    parseWebapiXml(text, FILE).map((r) => r.source.line),
    [5, 7],
  );
  assert.deepEqual(parseWebapiXml('<routes/>', FILE), []);
});

test('unsafe or malformed XML is refused with file and line', () => {
  assertConfigError(
    () => parseWebapiXml('<?xml version="1.0"?>\n<!doctype routes [<!ENTITY x "y">]>\n<routes/>', FILE),
    { file: FILE, line: 2, reason: /DOCTYPE is not allowed/ },
  );
  assertConfigError(() => parseWebapiXml('<routes>\n<route url="/V1/a/b" method="GET">\n</routes>', FILE), {
    file: FILE,
    line: 3,
    reason: /not well-formed XML/,
  });
  assertConfigError(() => parseWebapiXml('<?xml version="1.0"?>\n<config/>', FILE), {
    file: FILE,
    line: 2,
    reason: /root element must be <routes>/,
  });
  assertConfigError(() => parseWebapiXml(file('<rout url="/V1/a/b" method="GET"/>'), FILE), {
    file: FILE,
    line: 3,
    reason: /unknown element <rout>/,
  });
});

const refusals: [string, string, string, RegExp][] = [
  [
    'url="/V1/a/b" method="PATCH"',
    SERVICE + ANONYMOUS,
    'PATCH /V1/a/b',
    /method must be one of GET, POST, PUT, DELETE/,
  ],
  ['url="/V1/a/b"', SERVICE + ANONYMOUS, '(no method) /V1/a/b', /method must be one of/],
  [
    'url="/customers/me" method="GET"',
    SERVICE + ANONYMOUS,
    'GET /customers/me',
    /url must start with a version segment/,
  ],
  [
    'url="/v1/customers" method="GET"',
    SERVICE + ANONYMOUS,
    'GET /v1/customers',
    /url must start with a version segment/,
  ],
  ['url="/V1" method="GET"', SERVICE + ANONYMOUS, 'GET /V1', /url must start with a version segment/],
  ['method="GET"', SERVICE + ANONYMOUS, 'GET (no url)', /url must start with a version segment/],
  ['url="/V1/a/:" method="GET"', SERVICE + ANONYMOUS, 'GET /V1/a/:', /url variable ":" must be a name/],
  ['url="/V1/a/:__proto__" method="GET"', SERVICE + ANONYMOUS, 'GET /V1/a/:__proto__', /not allowed/],
  ['url="/V1/a/b" method="GET"', ANONYMOUS, 'GET /V1/a/b', /missing <service>/],
  [
    'url="/V1/a/b" method="GET"',
    '<service class="" method="get"/>' + ANONYMOUS,
    'GET /V1/a/b',
    /non-empty class and method/,
  ],
  ['url="/V1/a/b" method="GET"', '<service class="A"/>' + ANONYMOUS, 'GET /V1/a/b', /non-empty class and method/],
  ['url="/V1/a/b" method="GET"', SERVICE + SERVICE + ANONYMOUS, 'GET /V1/a/b', /more than one <service>/],
  ['url="/V1/a/b" method="GET"', SERVICE, 'GET /V1/a/b', /missing <resources>/],
  ['url="/V1/a/b" method="GET"', SERVICE + '<resources></resources>', 'GET /V1/a/b', /at least one <resource/],
  [
    'url="/V1/a/b" method="GET"',
    SERVICE + '<resources><resource ref=" "/></resources>',
    'GET /V1/a/b',
    /non-empty ref/,
  ],
  ['url="/V1/a/b" method="GET"', SERVICE + '<resources><resource/></resources>', 'GET /V1/a/b', /non-empty ref/],
  [
    'url="/V1/a/b" method="GET"',
    SERVICE + ANONYMOUS + '<data><parameter force="true">x</parameter></data>',
    'GET /V1/a/b',
    /needs a non-empty name/,
  ],
  [
    'url="/V1/a/b" method="GET"',
    SERVICE + ANONYMOUS + '<data><parameter name="">x</parameter></data>',
    'GET /V1/a/b',
    /needs a non-empty name/,
  ],
  [
    'url="/V1/a/b" method="GET"',
    SERVICE + ANONYMOUS + '<data><parameter name="p">1</parameter><parameter name="p">2</parameter></data>',
    'GET /V1/a/b',
    /parameter "p" is declared twice/,
  ],
  // A typo must not silently drop a forced parameter.
  [
    'url="/V1/a/b" method="GET"',
    SERVICE + ANONYMOUS + '<dta><parameter name="customerId" force="true">%customer_id%</parameter></dta>',
    'GET /V1/a/b',
    /unknown element <dta> in <route>/,
  ],
  [
    'url="/V1/a/b" method="GET"',
    SERVICE + ANONYMOUS + '<data><parameter name="customerId" forse="true">%customer_id%</parameter></data>',
    'GET /V1/a/b',
    /unknown attribute "forse" on <parameter>/,
  ],
  ['url="/V1/a/b" method="GET" secure="yes"', SERVICE + ANONYMOUS, 'GET /V1/a/b', /secure must be true or false/],
  ['url="/V1/a/b" method="GET"', SERVICE + ANONYMOUS + 'stray', 'GET /V1/a/b', /unexpected text in <route>/],
];

test('each invalid route is refused naming file, line and "METHOD url"', () => {
  for (const [attrs, body, route, reason] of refusals) {
    assertConfigError(() => parseWebapiXml(file(routeXml(attrs, body)), FILE), { file: FILE, line: 4, route, reason });
  }
});

test('a route declared twice is refused naming both places, within a file and across files', () => {
  const twice = file(
    `${routeXml('url="/V1/a/b" method="GET"', SERVICE + ANONYMOUS)}\n${routeXml('url="/V1/a/b" method="get"', SERVICE + ANONYMOUS)}`,
  );
  assertConfigError(() => parseWebapiXml(twice, FILE), {
    file: FILE,
    line: 5,
    route: 'GET /V1/a/b',
    reason: /declared twice: first at Vendor\/etc\/webapi\.xml:4/,
  });

  const dir = mkdtempSync(join(tmpdir(), 'keyway-webapi-'));
  try {
    const first = join(dir, 'first.xml');
    const second = join(dir, 'second.xml');
    writeFileSync(first, file(routeXml('url="/V1/a/b" method="GET"', SERVICE + ANONYMOUS)));
    writeFileSync(
      second,
      file(
        `${routeXml('url="/V1/a/b" method="POST"', SERVICE + ANONYMOUS)}\n${routeXml('url="/V1/a/b" method="GET"', SERVICE + ANONYMOUS)}`,
      ),
    );
    assert.equal(loadWebapiXml([first]).length, 1);
    assertConfigError(() => loadWebapiXml([first, second]), {
      file: second,
      line: 5,
      route: 'GET /V1/a/b',
      reason: new RegExp(`first at ${first}:4`),
    });
    assertConfigError(() => loadWebapiXml([join(dir, 'missing.xml')]), {
      file: join(dir, 'missing.xml'),
      reason: /cannot read file/,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
