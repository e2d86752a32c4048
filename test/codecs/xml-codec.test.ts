import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeXml, encodeXml, MAX_DEPTH } from '../../src/codecs/xml-codec.ts';
import { AppError } from '../../src/errors.ts';
import { bothRequired, notAuthorized } from '../helpers/magento-bodies.ts';

/** Copies decoded values into ordinary objects so deepEqual can compare them with literals. */
function plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, plain(item)]));
  }
  return value;
}

function decoded(text: string): unknown {
  return plain(decodeXml(text));
}

function assertDecodingError(text: string): void {
  assert.throws(
    () => decodeXml(text),
    (error: unknown) => error instanceof AppError && error.code === 'decodingError' && error.status === 400,
    JSON.stringify(text),
  );
}

const LOGIN = { username: 'customer1', password: 'customer1pw' };

test('decodeXml reads the documented login body', () => {
  assert.deepEqual(decoded('<login><username>customer1</username><password>customer1pw</password></login>'), LOGIN);
});

test('decodeXml ignores the root name and accepts an optional declaration', () => {
  for (const root of ['login', 'request', 'anything', 'x:y xmlns:x="urn:x"']) {
    const close = root.split(' ')[0];
    const body = `<${root}><username>customer1</username><password>customer1pw</password></${close}>`;
    assert.deepEqual(decoded(body), LOGIN);
    assert.deepEqual(decoded(`<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`), LOGIN);
  }
});

test('decodeXml maps Magento ParserTest data.xml as Magento does', () => {
  const xml = `<?xml version="1.0"?>
<!--
/**
 * Copyright © 2015 Magento. All rights reserved.
 */
-->
<data>
<nodes>
    <text> some text </text>
    <trim_spaces>   </trim_spaces>
    <cdata><![CDATA[  Some data here <strong>html</strong> tags are <i>allowed</i>  ]]></cdata>
    <zero>0</zero>
    <null></null>
</nodes>
</data>`;
  assert.deepEqual(decoded(xml), {
    nodes: {
      text: ' some text ',
      trim_spaces: '',
      cdata: '  Some data here <strong>html</strong> tags are <i>allowed</i>  ',
      zero: '0',
      null: null,
    },
  });
});

test('decodeXml turns empty elements into null', () => {
  assert.deepEqual(decoded('<login><username/><password></password></login>'), { username: null, password: null });
  assert.equal(decodeXml('<login/>'), null);
  assert.equal(decodeXml('<login></login>'), null);
});

test('decodeXml keeps text as untrimmed strings, never numbers', () => {
  assert.deepEqual(decoded('<login><password> 00123 </password><n>12</n><f>1.5e3</f><b>true</b></login>'), {
    password: ' 00123 ',
    n: '12',
    f: '1.5e3',
    b: 'true',
  });
});

test('decodeXml returns the text of a root holding only text', () => {
  assert.equal(decodeXml('<token> abc </token>'), ' abc ');
  assert.equal(decodeXml('<a>\n  x\n</a>'), '\n  x\n');
});

test('decodeXml ignores whitespace-only text between elements', () => {
  assert.deepEqual(
    decoded('<login>\n  <username>customer1</username>\n\t<password>customer1pw</password>\n</login>'),
    LOGIN,
  );
  assert.deepEqual(decoded('<login>\r\n  <username>a\r\nb</username>\r\n</login>'), { username: 'a\nb' });
});

test('decodeXml turns repeated siblings into a list', () => {
  assert.deepEqual(decoded('<r><item>a</item><item>b</item><item>c</item></r>'), { item: ['a', 'b', 'c'] });
  assert.deepEqual(decoded('<r><item><id>1</id></item><item><id>2</id></item></r>'), {
    item: [{ id: '1' }, { id: '2' }],
  });
  assert.deepEqual(decoded('<r><a>x</a><b>y</b><a>z</a></r>'), { a: ['x', 'z'], b: 'y' });
});

test("decodeXml keeps Magento's repeated-sibling quirks", () => {
  // isset() is false for null, so an empty first sibling is overwritten rather than listed.
  assert.deepEqual(decoded('<r><a/><a>x</a></r>'), { a: 'x' });
  assert.deepEqual(decoded('<r><a>x</a><a/></r>'), { a: ['x', null] });
  // A map joining a list that starts with a string wraps the list once more.
  assert.deepEqual(decoded('<r><a>1</a><a><c/></a><a>2</a><a><d/></a></r>'), {
    a: [['1', { c: null }, '2'], { d: null }],
  });
});

test('decodeXml maps attributes to _value and _attribute', () => {
  assert.deepEqual(decoded('<r><a id="1" kind=\'x\'>text</a></r>'), {
    a: { _value: 'text', _attribute: { id: '1', kind: 'x' } },
  });
  assert.deepEqual(decoded('<r><a id="1"/></r>'), { a: { _value: null, _attribute: { id: '1' } } });
  assert.deepEqual(decoded('<r><a id="1"><b>2</b></a></r>'), { a: { _value: { b: '2' }, _attribute: { id: '1' } } });
  assert.deepEqual(decoded('<r id="7"><a>1</a></r>'), { _value: { a: '1' }, _attribute: { id: '7' } });
  // Namespace declarations are not attributes; attribute values decode references and normalise whitespace.
  assert.deepEqual(decoded('<r xmlns="urn:a"><a v="x&amp;y&#10;z\tw">1</a></r>'), {
    a: { _value: '1', _attribute: { v: 'x&y\nz w' } },
  });
});

test('decodeXml decodes the predefined entities and character references', () => {
  assert.equal(decodeXml('<username>a&#65;&#x42;&amp;&lt;</username>'), 'aAB&<');
  assert.equal(decodeXml('<p>&gt;&apos;&quot;&#x1F600;&#233;</p>'), `>'"😀é`);
  assert.equal(decodeXml('<p>&amp;lt;</p>'), '&lt;');
  assert.equal(decodeXml('<p>&#32;&#32;</p>'), '', 'references to whitespace are whitespace');
});

test('decodeXml returns CDATA raw', () => {
  assert.equal(decodeXml('<p><![CDATA[ a&amp;<b> ]]></p>'), ' a&amp;<b> ');
  assert.equal(decodeXml('<p><![CDATA[]]></p>'), '');
  assert.deepEqual(decoded('<r><password><![CDATA[p<w>&]]></password></r>'), { password: 'p<w>&' });
});

test('decodeXml keeps names that shadow Object.prototype members in null-prototype maps', () => {
  const value = decodeXml('<r><toString>1</toString><hasOwnProperty/><valueOf a="b">2</valueOf></r>');
  assert.equal(Object.getPrototypeOf(value), null);
  assert.deepEqual(plain(value), {
    toString: '1',
    hasOwnProperty: null,
    valueOf: { _value: '2', _attribute: { a: 'b' } },
  });
  const wrapped = decodeXml('<r><a id="1"/></r>') as Record<string, Record<string, unknown>>;
  assert.equal(Object.getPrototypeOf(wrapped.a), null);
  assert.equal(Object.getPrototypeOf(wrapped.a._attribute), null);
});

test('decodeXml refuses DTDs: DOCTYPE, external entities, billion laughs', () => {
  assertDecodingError('<!DOCTYPE login><login><username>a</username></login>');
  assertDecodingError('<!doctype login><login/>');
  assertDecodingError(
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><r><username>&xxe;</username></r>',
  );
  const laughs = Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i};`.repeat(10)}">`).join('');
  assertDecodingError(`<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lol">${laughs}]><lolz>&lol9;</lolz>`);
  assertDecodingError('<r><!ENTITY x "y"></r>');
});

test('decodeXml refuses entities that are not defined without a DTD', () => {
  for (const text of [
    '<r>&nbsp;</r>',
    '<r>&xxe;</r>',
    '<r>a & b</r>',
    '<r>&amp</r>',
    '<r>&#0;</r>',
    '<r>&#xD800;</r>',
    '<r>&#x110000;</r>',
    '<r a="&copy;"/>',
  ]) {
    assertDecodingError(text);
  }
});

test('decodeXml refuses prototype-polluting names', () => {
  for (const name of ['__proto__', 'constructor', 'prototype']) {
    assertDecodingError(`<r><${name}>1</${name}></r>`);
    assertDecodingError(`<r><${name}><admin>1</admin></${name}></r>`);
    assertDecodingError(`<r><a ${name}="1"/></r>`);
  }
  assertDecodingError('<__proto__><admin>1</admin></__proto__>');
  assert.equal(({} as Record<string, unknown>).admin, undefined);
});

test('decodeXml refuses malformed and truncated bodies', () => {
  const bodies = [
    '',
    '   ',
    'customer1',
    '<login><username>customer1</username><password>customer1pw</password>',
    '<login><username>customer1</username><password>customer1pw</pass',
    '<login><username>customer1</password></login>',
    '<login',
    '<login>',
    '<login/><other/>',
    '<login/>junk',
    'junk<login/>',
    '<login/><!--',
    '<login/><!',
    '<login><!-- a -- b --></login>',
    '<login>]]></login>',
    '<login a="<"/>',
    '<login a="1" a="2"/>',
    '<login a/>',
    '<1login/>',
    '<Login></login>',
    '<login>\u0001</login>',
    ' <?xml version="1.0"?><login/>',
    '<login><?xml version="1.0"?></login>',
    '<login/><![CDATA[x]]>',
    '<p:login/>',
    '<a:b:c/>',
  ];
  for (const body of bodies) assertDecodingError(body);
});

test('decodeXml refuses text followed by an element (Magento fails on it)', () => {
  assertDecodingError('<r>text<a>1</a></r>');
  // The last text or CDATA wins over earlier elements, as in Magento's xmlToArray.
  assert.equal(decodeXml('<r><a>1</a>text</r>'), 'text');
});

test(`decodeXml accepts ${MAX_DEPTH} levels of elements and refuses deeper`, () => {
  assert.equal(MAX_DEPTH, 64);
  const nested = (depth: number, leaf = '') => '<a>'.repeat(depth) + leaf + '</a>'.repeat(depth);
  assert.ok(decodeXml(nested(64)));
  assert.ok(decodeXml(nested(63, '<b/>')));
  assertDecodingError(nested(65));
  assertDecodingError(nested(64, '<b/>'));
  assertDecodingError(nested(100_000));
});

test('encodeXml renders a token and booleans inline', () => {
  assert.equal(
    encodeXml('eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.e30.sig'),
    '<?xml version="1.0"?>\n<response>eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.e30.sig</response>\n',
  );
  assert.equal(encodeXml(true), '<?xml version="1.0"?>\n<response>true</response>\n');
  assert.equal(encodeXml(false), '<?xml version="1.0"?>\n<response>false</response>\n');
  assert.equal(encodeXml(12), '<?xml version="1.0"?>\n<response>12</response>\n');
});

test('encodeXml renders null as empty text and an empty list or object as a self-closed element', () => {
  assert.equal(encodeXml(null), '<?xml version="1.0"?>\n<response></response>\n');
  assert.equal(encodeXml(''), '<?xml version="1.0"?>\n<response></response>\n');
  assert.equal(encodeXml([]), '<?xml version="1.0"?>\n<response/>\n');
  assert.equal(encodeXml({}), '<?xml version="1.0"?>\n<response/>\n');
  assert.equal(
    encodeXml({ a: null, b: [], c: {} }),
    '<?xml version="1.0"?>\n<response>\n  <a></a>\n  <b/>\n  <c/>\n</response>\n',
  );
});

test('encodeXml renders the 401 error body', () => {
  assert.equal(
    encodeXml(notAuthorized('Magento_Customer::customer')),
    `<?xml version="1.0"?>
<response>
  <message>The consumer isn't authorized to access %resources.</message>
  <parameters>
    <resources>Magento_Customer::customer</resources>
  </parameters>
</response>
`,
  );
});

test('encodeXml renders the two-error input exception body', () => {
  assert.equal(
    encodeXml(bothRequired()),
    `<?xml version="1.0"?>
<response>
  <message>One or more input exceptions have occurred.</message>
  <errors>
    <item>
      <message>"%fieldName" is required. Enter and try again.</message>
      <parameters>
        <fieldName>username</fieldName>
      </parameters>
    </item>
    <item>
      <message>"%fieldName" is required. Enter and try again.</message>
      <parameters>
        <fieldName>password</fieldName>
      </parameters>
    </item>
  </errors>
</response>
`,
  );
});

test('encodeXml renders lists as item elements, nested lists as nested items', () => {
  assert.equal(
    encodeXml(['value1', 'value2']),
    '<?xml version="1.0"?>\n<response>\n  <item>value1</item>\n  <item>value2</item>\n</response>\n',
  );
  assert.equal(
    encodeXml({ matrix: [[1, 2], [3]], ids: { '0': 'a', '1': 'b' } }),
    `<?xml version="1.0"?>
<response>
  <matrix>
    <item>
      <item>1</item>
      <item>2</item>
    </item>
    <item>
      <item>3</item>
    </item>
  </matrix>
  <ids>
    <item>a</item>
    <item>b</item>
  </ids>
</response>
`,
  );
});

test('encodeXml sanitises keys like _prepareKey (cases from Magento XmlTest)', () => {
  const cases: [string, string][] = [
    ['7key', 'item_7key'],
    ['.key', 'item_key'],
    ['-key', 'item_-key'],
    [' prefix key:', 'prefix_key'],
    ['a/b(c)!', 'abc'],
    ['a.b', 'ab'],
    [',key', 'key'],
    ['_x_', 'x'],
  ];
  for (const [key, name] of cases) {
    assert.equal(
      encodeXml({ [key]: 'value' }),
      `<?xml version="1.0"?>\n<response>\n  <${name}>value</${name}>\n</response>\n`,
      key,
    );
  }
  assert.equal(
    encodeXml({ '1': 'a', x: 'b' }),
    '<?xml version="1.0"?>\n<response>\n  <item_1>a</item_1>\n  <x>b</x>\n</response>\n',
  );
});

test('encodeXml escapes text like libxml without a declared encoding', () => {
  assert.equal(encodeXml('a<b>&"\''), '<?xml version="1.0"?>\n<response>a&lt;b&gt;&amp;"\'</response>\n');
  assert.equal(encodeXml('é😀\r\n\t'), '<?xml version="1.0"?>\n<response>&#xE9;&#x1F600;&#xD;\n\t</response>\n');
  assert.equal(encodeXml('a\u0001b\uFFFEc\uD800'), '<?xml version="1.0"?>\n<response>abc&#xFFFD;</response>\n');
});

test("encodeXml writes numbers as PHP's (string) cast does", () => {
  const render = (n: number) => encodeXml(n).slice('<?xml version="1.0"?>\n<response>'.length, -'</response>\n'.length);
  assert.equal(render(0.1 + 0.2), '0.3');
  assert.equal(render(1.5), '1.5');
  assert.equal(render(-42), '-42');
  assert.equal(render(1e25), '1.0E+25');
  assert.equal(render(1.5e-7), '1.5E-7');
  assert.equal(render(Infinity), 'INF');
});

test('encodeXml output decodes back to the same data', () => {
  const data = { username: ' a&b<c> ', list: ['x', 'y'], nested: { deep: 'é\r' } };
  assert.deepEqual(decoded(encodeXml(data)), { ...data, list: { item: ['x', 'y'] } });
});
