// Progress without a terminal is plain lines on a timer; the summary counts per kind and outcome.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { createImportProgress } from '../../src/import/progress.ts';
import { ImportSummary } from '../../src/import/summary.ts';

function capture() {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  return { stream, text: () => chunks.join('') };
}

describe('import progress', () => {
  it('without a terminal writes plain lines on its interval and a last one at the end', async () => {
    const out = capture();
    const progress = createImportProgress({ stream: out.stream, label: 'customers', total: 10, intervalMs: 20 });
    progress.tick(3);
    await sleep(70);
    progress.tick(4);
    progress.finish();
    progress.finish();
    await sleep(5);
    const lines = out.text().trimEnd().split('\n');
    assert.ok(lines.length >= 3, `periodic lines plus the last one: ${out.text()}`);
    for (const line of lines) assert.match(line, /^keyway: customers: \d+ rows of about 10, \d+ rows\/s$/);
    assert.match(lines[0], /: 3 rows/);
    assert.match(lines.at(-1)!, /: 7 rows/);
    assert.doesNotMatch(out.text(), /\u001b\[/, 'no terminal escapes');
  });

  it('on a terminal draws a bar with rows per second and the time left', async () => {
    const out = capture();
    const terminal = Object.assign(out.stream, { isTTY: true, columns: 120 });
    const progress = createImportProgress({ stream: terminal, label: 'customers', total: 1000 });
    progress.tick(250);
    await sleep(250);
    progress.tick(250);
    progress.finish();
    await sleep(5);
    assert.match(out.text(), /\u001b\[/, 'redrawn with terminal escapes');
    assert.match(out.text(), /customers \[[^\]]+\] 50% \| 500\/1000 \| \d+ rows\/s \| \S+ left/);
    assert.doesNotMatch(out.text(), /^keyway: /m, 'no plain lines');
  });
});

describe('import summary', () => {
  it('counts per kind and outcome, and renders only the kinds seen', () => {
    const summary = new ImportSummary();
    summary.count('customers', 'imported', 5);
    summary.count('customers', 'skipped');
    summary.count('addresses', 'updated', 2);
    assert.deepEqual(summary.of('customers'), { imported: 5, updated: 0, unchanged: 0, skipped: 1 });
    assert.deepEqual(summary.totals(), { imported: 5, updated: 2, unchanged: 0, skipped: 1 });
    assert.equal(
      summary.render(),
      [
        '           imported  updated  unchanged  skipped',
        'customers         5        0          0        1',
        'addresses         0        2          0        0',
      ].join('\n'),
    );
  });
});
