import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseKeyList } from '../../src/crypto/index.ts';

const A = 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
const B = 'base64TWFnZW50byBrZXkgZm9yIHRlc3Rz';

test('keys are separated by any whitespace, and the last one is current', () => {
  const list = parseKeyList(`  ${A}\n\t${B} \r\n`, 'CRYPT_KEY');
  assert.deepEqual(list.keys, [A, B]);
  assert.equal(list.currentIndex, 1);
  assert.equal(list.keys[list.currentIndex], B);
});

test('key strings are kept exactly as written, prefix and case included', () => {
  assert.deepEqual(parseKeyList('0123456789abcdefABCDEF', 'CRYPT_KEY').keys, ['0123456789abcdefABCDEF']);
});

test('empty and invalid material is refused with one clear line naming the source', () => {
  assert.throws(() => parseKeyList('', 'CRYPT_KEY'), {
    message: 'CRYPT_KEY holds no key: it is empty or only whitespace',
  });
  assert.throws(() => parseKeyList(' \n\t ', 'CRYPT_KEY'), /CRYPT_KEY holds no key/);
  assert.throws(() => parseKeyList('short', 'CRYPT_KEY'), {
    message: 'CRYPT_KEY is too short: at least 16 characters',
  });
  assert.throws(() => parseKeyList(`${A} short`, 'CRYPT_KEY'), {
    message: 'CRYPT_KEY, key 2 of 2, is too short: at least 16 characters',
  });
  assert.throws(() => parseKeyList(`${A}é${A}`, 'CRYPT_KEY'), /only printable ASCII/);
  assert.throws(() => parseKeyList(`${A}\u0000${A}`, 'CRYPT_KEY'), /only printable ASCII/);
  assert.throws(() => parseKeyList('k'.repeat(1025), 'CRYPT_KEY'), /too long/);
  assert.throws(() => parseKeyList(Array(100).fill(A).join(' '), 'CRYPT_KEY'), /100 keys; at most 99/);
});
