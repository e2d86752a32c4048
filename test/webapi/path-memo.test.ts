import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoizePaths } from '../../src/webapi/path-memo.ts';

test('a path is worked out once, an undefined answer included', () => {
  const computed: string[] = [];
  const lookup = memoizePaths((path) => {
    computed.push(path);
    return path.startsWith('/rest/') ? path.length : undefined;
  });
  assert.equal(lookup('/rest/V1/a'), 10);
  assert.equal(lookup('/rest/V1/a'), 10);
  assert.equal(lookup('/other'), undefined);
  assert.equal(lookup('/other'), undefined);
  assert.deepEqual(computed, ['/rest/V1/a', '/other']);
});

test('the memo never holds more than its limit: when full it starts afresh, and answers stay right', () => {
  let calls = 0;
  const lookup = memoizePaths((path) => {
    calls++;
    return path.toUpperCase();
  }, 3);
  for (const path of ['/a', '/b', '/c']) lookup(path);
  assert.equal(calls, 3);
  // The fourth distinct path finds the memo full: it is emptied, so '/a' is worked out again.
  assert.equal(lookup('/d'), '/D');
  assert.equal(lookup('/a'), '/A');
  assert.equal(calls, 5);
  // '/d' and '/a' are held now.
  assert.equal(lookup('/d'), '/D');
  assert.equal(calls, 5);
});

test('a failure is not remembered: the next call works it out again', () => {
  let fail = true;
  const lookup = memoizePaths((path) => {
    if (fail) throw new Error('no');
    return path;
  }, 3);
  assert.throws(() => lookup('/a'), /no/);
  fail = false;
  assert.equal(lookup('/a'), '/a');
});
