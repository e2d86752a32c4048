// Path variables are decoded with PHP's urldecode() rules, as Magento's Route::match does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { phpUrlDecode } from '../../src/webapi/php-urldecode.ts';

test('decodes %XX and +, and keeps invalid escapes as PHP does', () => {
  assert.equal(phpUrlDecode('plain'), 'plain');
  assert.equal(phpUrlDecode('a%20b+c'), 'a b c');
  assert.equal(phpUrlDecode('a%2b%2Fb'), 'a+/b');
  assert.equal(phpUrlDecode('j%C3%BCrgen%40example.com'), 'jürgen@example.com');
  assert.equal(phpUrlDecode('100%'), '100%');
  assert.equal(phpUrlDecode('%zz%4'), '%zz%4');
  assert.equal(phpUrlDecode('%%41'), '%A');
  assert.equal(phpUrlDecode('ü+%21'), 'ü !');
});

test('bytes that are not UTF-8 leave the raw text unchanged', () => {
  assert.equal(phpUrlDecode('%FF%FE'), '%FF%FE');
  assert.equal(phpUrlDecode('a+%C3'), 'a+%C3');
});
