// An import killed half-way (SIGKILL: no handler runs) leaves whole batches only, and running it again ends
// with exactly the rows of the file. Also: without a terminal, progress is plain lines.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { writeCustomerCsv } from '../../bench/customer-csv.ts';
import { CLI_JS, PROJECT_ROOT, childEnv, run, tempWorkspace } from '../network/server-process.ts';

const ROWS = 200_000;
const BATCH = 1000;
const PROGRESS = /^keyway: customers: (\d+) rows of about (\d+), \d+ rows\/s$/;

function countCustomers(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM customer_entity').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('an interrupted import', () => {
  const work = tempWorkspace('keyway-import-kill-');
  after(() => work.remove());

  it('keeps whole batches after SIGKILL, and a second run finishes the job', async () => {
    const csv = join(work.dir, 'customers.csv');
    await writeCustomerCsv(csv, ROWS);
    const args = [CLI_JS, 'import:customers', csv, '--batch-size', String(BATCH), '--progress-interval', '100'];
    const child = spawn(process.execPath, args, {
      cwd: PROJECT_ROOT,
      env: childEnv({ DATABASE_URL: work.databaseUrl }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const killed = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    // Kill as soon as a progress line shows rows written (and well before the end).
    let pending = '';
    child.stderr.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      for (const line of complete) {
        lines.push(line);
        const done = Number(PROGRESS.exec(line)?.[1] ?? 0);
        if (done >= 5 * BATCH && done < ROWS / 2) child.kill('SIGKILL');
      }
    });
    assert.equal(await killed, 'SIGKILL', `the import ended before it was killed:\n${lines.join('\n')}`);
    assert.ok(lines.length > 0);
    for (const line of lines) assert.match(line, PROGRESS, 'no terminal: plain progress lines, no escapes');
    assert.equal(Number(PROGRESS.exec(lines[0])?.[2]), ROWS, 'the estimate of rows is the line count');

    const afterKill = countCustomers(work.file);
    assert.ok(afterKill > 0 && afterKill < ROWS, `some but not all rows: ${afterKill}`);
    assert.equal(afterKill % BATCH, 0, `only whole batches: ${afterKill}`);

    // A longer timeout than runCli's: the rest of 200,000 rows on a busy two-core machine.
    const again = await run([CLI_JS, 'import:customers', csv, '--batch-size', String(BATCH)], {
      env: childEnv({ DATABASE_URL: work.databaseUrl }),
      timeoutMs: 180_000,
    });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`^customers\\s+${ROWS - afterKill}\\s+0\\s+${afterKill}\\s+0$`, 'm'));
    assert.equal(countCustomers(work.file), ROWS);
  });
});
