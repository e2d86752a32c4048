// The server's start settles `process.nextTick` (src/settle-next-tick.ts): it must leave nextTick compiled by
// V8's optimising compiler, the state in which perf showed its tick objects built inline. A child node with
// V8's natives syntax reads that state; a warm-up too short to get there (a hundred calls) must read otherwise,
// so a check that could not tell the two apart fails here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../network/server-process.ts';

/** V8's `%GetOptimizationStatus` bit for code from TurboFan, its optimising compiler (V8 11, Node 20). */
const TURBOFANNED = 1 << 6;

function nextTickStatusAfter(warmUp: string): number {
  const script = [
    "import { settleNextTick } from './dist/settle-next-tick.js';",
    'const noop = () => {};',
    warmUp,
    'console.log(%GetOptimizationStatus(process.nextTick));',
  ].join('\n');
  const child = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });
  assert.equal(child.status, 0, child.stderr);
  return Number(child.stdout.trim());
}

describe('settling process.nextTick at start', () => {
  it('leaves nextTick optimised by TurboFan', () => {
    const status = nextTickStatusAfter('await settleNextTick();');
    assert.equal(status & TURBOFANNED, TURBOFANNED, `status ${status.toString(2)}`);
  });

  it('a hundred calls do not, so the check can tell', () => {
    const status = nextTickStatusAfter(
      'for (let i = 0; i < 100; i++) process.nextTick(noop, i); await new Promise((r) => setImmediate(r));',
    );
    assert.equal(status & TURBOFANNED, 0, `status ${status.toString(2)}`);
  });
});
