import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { checkKeyList, checkValueFor, lookupDigest, parseKeyList } from '../../src/crypto/index.ts';

const OLD = 'oldkey0123456789abcdefghijklmnop';
const NEW = 'newkey0123456789abcdefghijklmnop';

test('a check value is short, stable and differs between keys', () => {
  assert.match(checkValueFor(OLD), /^kwc1:[0-9a-f]{32}$/);
  assert.equal(checkValueFor(OLD), checkValueFor(OLD));
  assert.notEqual(checkValueFor(OLD), checkValueFor(NEW));
});

test('nothing stored yet: first use, and the current key is what to store', () => {
  const list = parseKeyList(`${OLD} ${NEW}`, 'test');
  assert.deepEqual(checkKeyList(list, null), { outcome: 'first-use', store: checkValueFor(NEW) });
  assert.deepEqual(checkKeyList(list, undefined), { outcome: 'first-use', store: checkValueFor(NEW) });
});

test('the same key is ok', () => {
  assert.deepEqual(checkKeyList(parseKeyList(OLD, 'test'), checkValueFor(OLD)), { outcome: 'ok' });
});

test('a list that still holds the stored key is a rotation: accepted, and the new check value is returned', () => {
  const result = checkKeyList(parseKeyList(`${OLD}\n${NEW}`, 'test'), checkValueFor(OLD));
  assert.deepEqual(result, { outcome: 'rotated', store: checkValueFor(NEW) });
});

test('another key is a mismatch with one clear line', () => {
  const result = checkKeyList(parseKeyList(NEW, 'test'), checkValueFor(OLD));
  assert.equal(result.outcome, 'mismatch');
  assert.match((result as { message: string }).message, /^The encryption key does not match/);
  assert.equal(checkKeyList(parseKeyList(NEW, 'test'), 'garbage').outcome, 'mismatch');
});

test('OAuth tokens are looked up by the same SHA-256 hex digest as bearer tokens', () => {
  const token = 'tok00000000000000000000000000001';
  assert.equal(lookupDigest(token), createHash('sha256').update(token).digest('hex'));
  assert.equal(lookupDigest('TOK00000000000000000000000000001'), undefined);
  assert.equal(lookupDigest('short'), undefined);
});
