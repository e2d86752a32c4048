import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadKeyList } from '../../src/crypto/index.ts';

const root = mkdtempSync(join(tmpdir(), 'keyway-crypto-'));
after(() => rmSync(root, { recursive: true, force: true }));

const KEY = 'inlinekey0123456789abcdefghijklm';

test('CRYPT_KEY is read as is', () => {
  assert.deepEqual(loadKeyList({ env: { CRYPT_KEY: KEY }, dataDir: join(root, 'unused') }).keys, [KEY]);
});

test('CRYPT_KEY_FILE names a file whose whitespace-separated keys are read', () => {
  const file = join(root, 'keys.txt');
  writeFileSync(file, `${KEY}\nsecondkey0123456789abcdefghijklm\n`);
  const list = loadKeyList({ env: { CRYPT_KEY_FILE: file } });
  assert.deepEqual(list.keys, [KEY, 'secondkey0123456789abcdefghijklm']);
});

test('unusable sources are refused with a clear message', () => {
  assert.throws(() => loadKeyList({ env: { CRYPT_KEY: '' } }), /CRYPT_KEY holds no key/);
  assert.throws(() => loadKeyList({ env: { CRYPT_KEY: KEY, CRYPT_KEY_FILE: 'x' } }), /not both/);
  assert.throws(() => loadKeyList({ env: { CRYPT_KEY_FILE: '' } }), /CRYPT_KEY_FILE is empty/);
  assert.throws(
    () => loadKeyList({ env: { CRYPT_KEY_FILE: join(root, 'missing.key') } }),
    /CRYPT_KEY_FILE names .*missing\.key, which cannot be read: ENOENT/,
  );
  const empty = join(root, 'empty.key');
  writeFileSync(empty, '\n');
  assert.throws(() => loadKeyList({ env: { CRYPT_KEY_FILE: empty } }), /empty\.key\) holds no key/);
});

test('with neither variable, a key is generated once into a 0600 file and reused on the next start', () => {
  const dataDir = join(root, 'nested', 'var');
  const reports: string[] = [];
  const first = loadKeyList({ env: {}, dataDir, onGenerated: (message) => reports.push(message) });
  const file = join(dataDir, 'keyway.key');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dataDir), ['keyway.key'], 'the temporary file is gone');
  assert.match(first.keys[0], /^[0-9a-f]{64}$/);
  assert.equal(readFileSync(file, 'utf8').trim(), first.keys[0]);
  assert.equal(reports.length, 1);
  assert.match(reports[0], /generated a new key in .*keyway\.key/);

  const second = loadKeyList({ env: {}, dataDir, onGenerated: (message) => reports.push(message) });
  assert.deepEqual(second.keys, first.keys);
  assert.equal(reports.length, 1, 'reusing the file is not reported again');
});

test('a key file already in place is used as is and no temporary file is left behind', () => {
  const dataDir = join(root, 'existing');
  mkdirSync(dataDir);
  writeFileSync(join(dataDir, 'keyway.key'), 'placedkey0123456789abcdefghijklm\n', { mode: 0o600 });
  const reports: string[] = [];
  assert.deepEqual(loadKeyList({ env: {}, dataDir, onGenerated: (m) => reports.push(m) }).keys, [
    'placedkey0123456789abcdefghijklm',
  ]);
  assert.deepEqual(reports, []);
  assert.deepEqual(readdirSync(dataDir), ['keyway.key']);
});
