import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBody, mergeInput, NO_INPUT } from '../../src/http/request-input.ts';

const json = (text: string) => decodeBody('POST', Buffer.from(text), 'application/json');

test('the path overrides the query, which overrides the body', () => {
  const input = mergeInput(json('{"a":"body","b":"body","c":"body"}'), { b: 'query', c: 'query' }, { c: 'path' });
  assert.deepEqual({ ...input }, { a: 'body', b: 'query', c: 'path' });
  assert.equal(Object.getPrototypeOf(input), null);
});

test('a body nothing overrides is the input itself; no input at all is never shared out to be written', () => {
  const body = json('{"customerEmail":"a@example.com"}');
  assert.equal(mergeInput(body, NO_INPUT, {}), body);
  // With anything to merge, the body is left as it was.
  const merged = mergeInput(body, NO_INPUT, { id: '5' });
  assert.notEqual(merged, body);
  assert.deepEqual({ ...body }, { customerEmail: 'a@example.com' });
  // An empty call gets a fresh object, which forced parameters may write into.
  const empty = mergeInput(NO_INPUT, NO_INPUT, {});
  assert.notEqual(empty, NO_INPUT);
  empty.customerId = 1;
  assert.deepEqual({ ...NO_INPUT }, {});
  assert.ok(Object.isFrozen(NO_INPUT));
});

test('GET and DELETE bodies, empty bodies and "0" are no input', () => {
  assert.equal(decodeBody('GET', Buffer.from('{"a":1}'), 'application/json'), NO_INPUT);
  assert.equal(decodeBody('POST', Buffer.from(''), 'application/json'), NO_INPUT);
  assert.equal(decodeBody('PUT', Buffer.from('0'), 'application/json'), NO_INPUT);
});
