import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createSecretBox, parseKeyList } from '../../src/crypto/index.ts';

const OLD = 'oldkey0123456789abcdefghijklmnop';
const NEW = 'newkey0123456789abcdefghijklmnop';
const idOf = (stored: string) => stored.split(':')[1];

test('a value encrypted under a key decrypts to the same text', () => {
  const box = createSecretBox(parseKeyList(OLD, 'test'));
  for (const plain of ['', 'tsec0000000000000000000000000001', 'ünïcødé ✓', 'x'.repeat(10_000)]) {
    const stored = box.encrypt(plain);
    assert.match(stored, /^kw1:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    assert.equal(box.decrypt(stored), plain);
  }
});

test('each encryption uses a fresh IV, so equal secrets give different values', () => {
  const box = createSecretBox(parseKeyList(OLD, 'test'));
  assert.notEqual(box.encrypt('same'), box.encrypt('same'));
});

test('any altered byte, or a value relabelled with another key id, is detected', () => {
  const box = createSecretBox(parseKeyList(`${OLD} ${NEW}`, 'test'));
  const stored = box.encrypt('secret value');
  const [, id, data] = stored.split(':');
  const bytes = Buffer.from(data, 'base64url');
  for (let i = 0; i < bytes.length; i++) {
    const altered = Buffer.from(bytes);
    altered[i] ^= 0x01;
    assert.throws(() => box.decrypt(`kw1:${id}:${altered.toString('base64url')}`), /failed authentication/);
  }
  const oldId = idOf(createSecretBox(parseKeyList(OLD, 'test')).encrypt('x'));
  assert.throws(() => box.decrypt(`kw1:${oldId}:${data}`), /failed authentication/);
});

test('malformed values are refused with a clear message', () => {
  const box = createSecretBox(parseKeyList(OLD, 'test'));
  const id = idOf(box.encrypt('x'));
  assert.throws(() => box.decrypt('plain text'), /malformed/);
  assert.throws(() => box.decrypt(`kw1:${id}:`), /malformed/);
  assert.throws(() => box.decrypt(`kw1:${id}:AAAA`), /too short/);
  assert.throws(() => box.decrypt(`kw2:${id}:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`), /malformed/);
  assert.throws(
    () => box.decrypt('kw1:00000000:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
    /names key 00000000, which is not in the key list/,
  );
});

test('after a key is appended, old values still decrypt and new values use the new key', () => {
  const before = createSecretBox(parseKeyList(OLD, 'test'));
  const old = before.encrypt('written before rotation');
  const after = createSecretBox(parseKeyList(`${OLD}\n${NEW}\n`, 'test'));
  assert.equal(after.decrypt(old), 'written before rotation');
  const fresh = after.encrypt('written after rotation');
  assert.notEqual(idOf(fresh), idOf(old));
  assert.equal(after.decrypt(fresh), 'written after rotation');
  assert.throws(() => before.decrypt(fresh), /not in the key list/);
  // Retiring the old key later leaves values of the new one readable (keys are named by id, not position).
  assert.equal(createSecretBox(parseKeyList(NEW, 'test')).decrypt(fresh), 'written after rotation');
});

test('a value cannot be read under another key', () => {
  const stored = createSecretBox(parseKeyList(OLD, 'test')).encrypt('secret');
  assert.throws(() => createSecretBox(parseKeyList(NEW, 'test')).decrypt(stored), /not in the key list/);
});
