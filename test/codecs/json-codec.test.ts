import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJson, encodeJson, MAX_DEPTH, toInputParams } from '../../src/codecs/json-codec.ts';
import { AppError } from '../../src/errors.ts';
import { fieldRequired, notAuthorized } from '../helpers/magento-bodies.ts';

const JWT =
  'eyJraWQiOiIxIiwiYWxnIjoiSFMyNTYifQ.eyJ1aWQiOjEsInV0eXBpZCI6MiwiaWF0IjoxNzQzMjQyOTM3LCJleHAiOjE3NDMyNDY1Mzd9.PSGrG867y7Okp3sFy_mQwmL01yQmYnVIhV4QWhknY_U';

function assertDecodingError(text: string): void {
  assert.throws(
    () => decodeJson(text),
    (error: unknown) =>
      error instanceof AppError && error.code === 'decodingError' && error.message === 'Decoding error.',
  );
}

test('encodeJson writes the 401 body exactly as PHP json_encode does', () => {
  assert.equal(
    encodeJson(notAuthorized('a/b')),
    '{"message":"The consumer isn\'t authorized to access %resources.","parameters":{"resources":"a\\/b"}}',
  );
});

test('encodeJson matches the raw body asserted by Magento DeserializationTest', () => {
  assert.equal(
    encodeJson(fieldRequired('item')),
    '{"message":"\\"%fieldName\\" is required. Enter and try again.","parameters":{"fieldName":"item"}}',
  );
});

test('encodeJson escapes every non-ASCII UTF-16 code unit as lowercase \\uXXXX', () => {
  assert.equal(encodeJson('é'), '"\\u00e9"');
  assert.equal(encodeJson('😀'), '"\\ud83d\\ude00"');
  assert.equal(encodeJson('Ünïcödé/ß'), '"\\u00dcn\\u00efc\\u00f6d\\u00e9\\/\\u00df"');
  assert.equal(encodeJson('\u2028\uFEFF'), '"\\u2028\\ufeff"');
});

test('encodeJson keeps ASCII as JSON.stringify does', () => {
  assert.equal(encodeJson("it's"), '"it\'s"');
  assert.equal(encodeJson('a"b\\c\nd\te\u0001\u007f'), '"a\\"b\\\\c\\nd\\te\\u0001\u007f"');
});

test('encodeJson writes a token as a JSON string literal and true as true', () => {
  assert.equal(encodeJson(JWT), `"${JWT}"`);
  assert.equal(encodeJson('f3q8g1sb1l2n18ifknhbm5ufpa7lm8xg'), '"f3q8g1sb1l2n18ifknhbm5ufpa7lm8xg"');
  assert.equal(encodeJson(true), 'true');
  assert.equal(encodeJson(false), 'false');
});

test('encodeJson keeps insertion order, drops undefined properties, writes lists and empty values', () => {
  assert.equal(
    encodeJson({ b: 1, a: undefined, c: [1, 'x', null], d: {}, e: [] }),
    '{"b":1,"c":[1,"x",null],"d":{},"e":[]}',
  );
  assert.equal(encodeJson(null), 'null');
  assert.equal(encodeJson(undefined), 'null');
});

test('decodeJson parses objects, arrays and scalars', () => {
  assert.deepEqual(decodeJson('{"username":"customer1","password":" 00123 "}'), {
    username: 'customer1',
    password: ' 00123 ',
  });
  assert.deepEqual(decodeJson(' [1, "a", null, true] '), [1, 'a', null, true]);
  assert.equal(decodeJson('"abc"'), 'abc');
  assert.equal(decodeJson('12'), 12);
  assert.equal(decodeJson('null'), null);
  assert.equal(decodeJson('"\\ud83d\\ude00 \\u00e9"'), '😀 é');
});

test('decodeJson refuses malformed and truncated bodies with decodingError', () => {
  for (const text of ['{"username":', '{"a":1', '{"a":1,}', "{'a':1}", 'nope', '', '[1,2', '"abc', '{"a":"b\nc"}']) {
    assertDecodingError(text);
  }
});

test('decodeJson refuses prototype-poisoning keys', () => {
  assertDecodingError('{"__proto__":{}}');
  assertDecodingError('{"a":{"__proto__":{"admin":true}}}');
  assertDecodingError('{"\\u005f_proto__":{}}');
  assertDecodingError('{"constructor":{"prototype":{}}}');
  assertDecodingError('{"constru\\u0063tor":{"prototype":{}}}');
  assert.deepEqual(decodeJson('{"constructor":"x"}'), { constructor: 'x' });
  assert.equal(({} as Record<string, unknown>).admin, undefined);
});

test(`decodeJson accepts nesting up to ${MAX_DEPTH} and refuses deeper`, () => {
  assert.equal(MAX_DEPTH, 64);
  const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  assert.ok(Array.isArray(decodeJson(nested(64))));
  assert.ok(decodeJson(`{"a":${'{"a":'.repeat(63)}1${'}'.repeat(64)}`));
  assertDecodingError(nested(65));
  assertDecodingError(`{"a":${'{"a":'.repeat(64)}1${'}'.repeat(65)}`);
  // Brackets inside strings do not count.
  assert.deepEqual(decodeJson(`["${'['.repeat(100)}"]`), ['['.repeat(100)]);
});

test('decodeJson refuses 100,000-deep nesting without a stack overflow', () => {
  assertDecodingError('['.repeat(100_000));
  assertDecodingError('['.repeat(100_000) + ']'.repeat(100_000));
  assertDecodingError('{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000));
});

test('decodeJson refuses what PHP json_decode refuses: a BOM, unpaired surrogate escapes', () => {
  assertDecodingError('\uFEFF{"a":1}');
  assertDecodingError('"\\ud800"');
  assertDecodingError('"\\udc00"');
  assertDecodingError('"\\ud800\\u0041"');
});

test('toInputParams casts like PHP (array)', () => {
  const cases: [unknown, Record<string, unknown>][] = [
    [
      { username: 'a', password: 'b' },
      { username: 'a', password: 'b' },
    ],
    [['a'], { '0': 'a' }],
    [['a', { b: 1 }], { '0': 'a', '1': { b: 1 } }],
    [[], {}],
    [{}, {}],
    [null, {}],
    ['s', { '0': 's' }],
    ['', { '0': '' }],
    [0, { '0': 0 }],
    [false, { '0': false }],
    [true, { '0': true }],
  ];
  for (const [decoded, expected] of cases) {
    const params = toInputParams(decoded);
    assert.equal(Object.getPrototypeOf(params), null);
    assert.deepEqual({ ...params }, expected);
  }
});

test('toInputParams keeps nested values by reference and works on decoded bodies', () => {
  const nested = { a: 1 };
  assert.equal(toInputParams({ customer: nested }).customer, nested);
  assert.deepEqual({ ...toInputParams(decodeJson('["x"]')) }, { '0': 'x' });
});
