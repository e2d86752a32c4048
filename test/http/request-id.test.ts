import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { newRequestId } from '../../src/http/lifecycle.ts';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('request ids are version-4 shaped and never repeat within a process', () => {
  const ids = Array.from({ length: 10_000 }, newRequestId);
  for (const id of ids.slice(0, 50)) assert.match(id, UUID_V4);
  assert.equal(new Set(ids).size, ids.length);
  // The counter steps by one through every hex digit, carries included (9 to a, f to 0 and one more leftwards).
  const counters = ids.map((id) => Number.parseInt(id.slice(24), 16));
  for (let i = 1; i < counters.length; i++) assert.equal(counters[i], counters[i - 1]! + 1, ids[i]);
  assert.ok(
    ids.every((id) => id.slice(0, 24) === ids[0]!.slice(0, 24)),
    'one head per process',
  );
});

test('another process draws another head, so ids do not repeat across processes or restarts', () => {
  const script = "import('./src/http/lifecycle.ts').then((m) => process.stdout.write(m.newRequestId()))";
  const other = () => execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
  const [first, second] = [other(), other()];
  assert.match(first, UUID_V4);
  // Both were a process's first id, so only the heads can tell them apart.
  assert.equal(first.slice(24), second.slice(24));
  assert.notEqual(first.slice(0, 24), second.slice(0, 24));
  assert.notEqual(newRequestId().slice(0, 24), first.slice(0, 24));
});
