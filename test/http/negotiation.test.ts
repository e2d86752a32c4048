// backends: sqlite, postgres
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptTypes, negotiateAccept } from '../../src/http/accept.ts';
import { parseContentType } from '../../src/http/content-type.ts';
import { AppError, type ErrorCode } from '../../src/errors.ts';

function assertContentTypeError(header: string | undefined, code: ErrorCode, message?: string): void {
  assert.throws(
    () => parseContentType(header),
    (error: unknown) =>
      error instanceof AppError &&
      error.code === code &&
      error.status === 400 &&
      (message === undefined || error.message === message),
    String(header),
  );
}

test('Content-Type: the four media types Magento deserialises', () => {
  assert.equal(parseContentType('application/json'), 'json');
  assert.equal(parseContentType('application/xml'), 'xml');
  assert.equal(parseContentType('text/xml'), 'xml');
  assert.equal(parseContentType('application/xhtml+xml'), 'xml');
});

test('Content-Type: a utf-8 charset is accepted in any case and spacing', () => {
  assert.equal(parseContentType('application/json; charset=UTF-8'), 'json');
  assert.equal(parseContentType('application/json;charset=utf-8'), 'json');
  assert.equal(parseContentType('application/json;   charset=Utf-8'), 'json');
  assert.equal(parseContentType('text/xml; CHARSET=utf-8'), 'xml');
});

test('Content-Type: missing or empty is contentTypeEmpty', () => {
  assertContentTypeError(undefined, 'contentTypeEmpty', 'Content-Type header is empty.');
  assertContentTypeError('', 'contentTypeEmpty');
  assertContentTypeError('0', 'contentTypeEmpty'); // PHP's `!$headerValue`
});

test('Content-Type: anything but a media type and a charset is contentTypeInvalid', () => {
  assertContentTypeError('application/json; foo=bar', 'contentTypeInvalid', 'Content-Type header is invalid.');
  for (const header of [
    'application/json;',
    'application/json ; charset=utf-8',
    'application/json; charset=',
    'application json',
    'multipart/form-data; boundary=abc',
    'application/json;foo=bar;',
    '*/*',
    'application/json,text/xml',
  ]) {
    assertContentTypeError(header, 'contentTypeInvalid');
  }
});

test('Content-Type: a charset other than utf-8 is charsetNotSupported', () => {
  assertContentTypeError(
    'application/json; charset=iso-8859-1',
    'charsetNotSupported',
    'UTF-8 is the only supported charset.',
  );
  assertContentTypeError('application/json; charset="utf-8"', 'charsetNotSupported');
  assertContentTypeError('application/json; charset=utf8', 'charsetNotSupported');
  assertContentTypeError('application/json; charset=utf-8; foo=bar', 'charsetNotSupported');
});

test('Content-Type: other media types are mediaTypeNotUnderstood, with the type in the message', () => {
  assertContentTypeError(
    'text/plain',
    'mediaTypeNotUnderstood',
    'Server cannot understand Content-Type HTTP header media type text/plain',
  );
  assert.throws(
    () => parseContentType('text/plain; charset=utf-8'),
    (error: unknown) => error instanceof AppError && JSON.stringify(error.parameters) === '["text/plain"]',
  );
  assertContentTypeError('application/x-www-form-urlencoded', 'mediaTypeNotUnderstood');
  assertContentTypeError('constructor', 'mediaTypeNotUnderstood');
  assertContentTypeError('application/json+xml', 'mediaTypeNotUnderstood');
});

test('Content-Type: the media type is compared case-sensitively', () => {
  assertContentTypeError(
    'Application/JSON',
    'mediaTypeNotUnderstood',
    'Server cannot understand Content-Type HTTP header media type Application/JSON',
  );
  assertContentTypeError('TEXT/XML; charset=utf-8', 'mediaTypeNotUnderstood');
});

test('Content-Type: headers over 1,024 characters are invalid', () => {
  assertContentTypeError(`application/${'x'.repeat(1013)}`, 'contentTypeInvalid');
  assertContentTypeError(`application/${'x'.repeat(1012)}`, 'mediaTypeNotUnderstood');
});

test('Accept: none, empty, */* and application/* give JSON', () => {
  assert.equal(negotiateAccept(undefined), 'json');
  assert.equal(negotiateAccept(''), 'json');
  assert.equal(negotiateAccept('*/*'), 'json');
  assert.equal(negotiateAccept('application/*'), 'json');
  assert.equal(negotiateAccept('application/json'), 'json');
});

test('Accept: XML types and text/* give XML', () => {
  assert.equal(negotiateAccept('application/xml'), 'xml');
  assert.equal(negotiateAccept('text/xml'), 'xml');
  assert.equal(negotiateAccept('text/*'), 'xml');
  assert.equal(negotiateAccept('application/xhtml+xml'), 'xml');
});

test('Accept: the first listed type wins at equal quality', () => {
  assert.equal(negotiateAccept('application/json, application/xml'), 'json');
  assert.equal(negotiateAccept('application/xml, application/json'), 'xml');
  assert.equal(negotiateAccept('application/xml,application/json'), 'xml');
});

test('Accept: higher q wins', () => {
  assert.equal(negotiateAccept('application/xml;q=0.5, application/json;q=0.9'), 'json');
  assert.equal(negotiateAccept('application/json;q=0.5, application/xml'), 'xml');
  assert.equal(negotiateAccept('text/html, */*;q=0.1'), 'json');
});

test('Accept: common clients', () => {
  assert.equal(negotiateAccept('application/json, text/plain, */*'), 'json'); // axios
  assert.equal(negotiateAccept('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'), 'xml'); // browsers
  assert.equal(negotiateAccept('application/json;charset=utf-8'), 'json');
});

test('Accept: no renderer matches → undefined (406)', () => {
  assert.equal(negotiateAccept('text/html'), undefined);
  assert.equal(negotiateAccept('Application/JSON'), undefined);
  assert.equal(negotiateAccept('application/yaml, image/*'), undefined);
  assert.equal(negotiateAccept('*'), undefined);
});

test('Accept: invalid entries are dropped, and none valid means */*', () => {
  assert.equal(negotiateAccept('text/html;q=0.9, @@@'), undefined);
  assert.equal(negotiateAccept('@@@'), 'json');
  assert.equal(negotiateAccept(', ,'), 'json');
  assert.deepEqual(acceptTypes('t@xt/html, application/xml'), ['application/xml']);
});

test("Accept: Magento's q parsing reads only the first parameter, whatever its name", () => {
  // `level=1` is read as q "1"; the real q=0.1 after it is ignored.
  assert.deepEqual(acceptTypes('application/json;q=0.5, application/xml;level=1;q=0.1'), [
    'application/xml',
    'application/json',
  ]);
  // "1" and "1.0" are equal numbers: the order of first appearance is kept (PHP 8 sorts stably).
  assert.deepEqual(acceptTypes('application/xml;q=1, application/json'), ['application/xml', 'application/json']);
  assert.deepEqual(acceptTypes('a/b;q=0.5, c/d;q=0.9, a/b;q=0.9, e/f'), ['e/f', 'c/d', 'a/b']);
  assert.deepEqual(acceptTypes(undefined), ['*/*']);
});

test('Accept: headers over the work bounds match nothing', () => {
  const long = `application/json, ${'x'.repeat(4096)}`;
  assert.equal(negotiateAccept(long), undefined);
  const many = (count: number) =>
    [...Array.from({ length: count - 1 }, (_, i) => `a/t${i}`), 'application/json'].join(', ');
  assert.equal(negotiateAccept(many(64)), 'json');
  assert.equal(negotiateAccept(many(65)), undefined);
});

test('Accept: results stay right once the cache has filled and cleared', () => {
  for (let i = 0; i < 300; i++) {
    assert.equal(negotiateAccept(`text/x${i}, application/xml`), 'xml');
    assert.equal(negotiateAccept('application/json'), 'json');
    assert.equal(negotiateAccept(`text/x${i}`), undefined);
  }
});
