import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asPropertyKey } from '../../src/webapi/property-key.ts';
import { snakeCase } from '../../src/webapi/type-processor.ts';

test('a property key reads as the text it was made from, whatever the text', () => {
  for (const text of ['customerId', 'customer_id', '__proto__', 'constructor', '5', '', 'é/ü', 'a.b']) {
    assert.equal(asPropertyKey(text), text);
  }
  // Built at run time, used as a key: the object it names is reached.
  const leaf = 'customer.id'.split('.')[1]!;
  const record: Record<string, number> = Object.create(null);
  record[asPropertyKey(leaf)] = 5;
  assert.equal(record.id, 5);
});

test('snake_case forms are property keys of the same text', () => {
  assert.equal(snakeCase('customerId'), 'customer_id');
  // The second call answers from the remembered form.
  assert.equal(snakeCase('customerId'), 'customer_id');
  assert.equal(snakeCase('websiteID'), 'website_id');
  assert.equal(snakeCase('store_id'), 'store_id');
});
