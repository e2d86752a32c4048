import type { Options } from '@node-rs/argon2';
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

/** argon2 on threads of its own; the caller keeps at most `size` jobs running, as the hasher's limit does. */
export interface Argon2Threads {
  hash(password: string, options: Options): Promise<string>;
  verify(stored: string, password: string): Promise<boolean>;
}

type Argon2Job =
  | { id: number; op: 'hash'; password: string; options: Options }
  | { id: number; op: 'verify'; password: string; stored: string };

type Argon2Answer = { id: number; value: string | boolean } | { id: number; error: string };

// Each thread's script. A string, since a worker loads a file without the TypeScript loader the tests and the
// bench run under; it requires the argon2 package this module resolves, wherever the process started.
// Linux counts nice per thread: /proc/thread-self names this thread, so only it yields. Elsewhere (no /proc)
// the thread keeps the process's priority.
const SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const { hashSync, verifySync } = require(workerData.argon2);
try {
  const tid = Number(require('node:fs').readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid)) require('node:os').setPriority(tid, workerData.nice);
} catch {}
parentPort.on('message', (job) => {
  let answer;
  try {
    const value = job.op === 'verify' ? verifySync(job.stored, job.password) : hashSync(job.password, job.options);
    answer = { id: job.id, value };
  } catch (error) {
    answer = { id: job.id, error: String(error && error.message) };
  }
  parentPort.postMessage(answer);
});`;
const ARGON2 = createRequire(import.meta.url).resolve('@node-rs/argon2');

/**
 * `size` threads that hash at `nice` (0 to 19: higher yields more). On a machine where hashing keeps every core
 * busy, the threads answering requests and the database's then get the cores first, and the hashes take what
 * is left, instead of the libuv pool's threads competing with them as equals. Threads start on first use and
 * hold the process open only while a job runs.
 */
export function createArgon2Threads(size: number, nice: number): Argon2Threads {
  const idle: Worker[] = [];
  const pending = new Map<number, { resolve(value: string | boolean): void; reject(error: Error): void }>();
  const running = new Map<Worker, number>();
  let started = 0;
  let nextId = 0;

  function start(): Worker {
    const worker = new Worker(SCRIPT, { eval: true, workerData: { nice, argon2: ARGON2 } });
    started++;
    worker.on('message', (answer: Argon2Answer) => {
      const job = pending.get(answer.id);
      pending.delete(answer.id);
      running.delete(worker);
      worker.unref();
      idle.push(worker);
      if ('error' in answer) job?.reject(new Error(answer.error));
      else job?.resolve(answer.value);
    });
    // A thread that dies takes its job with it; the next job starts a new thread.
    worker.on('error', () => {});
    worker.on('exit', () => {
      started--;
      const at = idle.indexOf(worker);
      if (at !== -1) idle.splice(at, 1);
      const id = running.get(worker);
      running.delete(worker);
      if (id !== undefined) {
        pending.get(id)?.reject(new Error('the hashing thread stopped'));
        pending.delete(id);
      }
    });
    return worker;
  }

  function run(job: Argon2Job): Promise<string | boolean> {
    const worker = idle.pop() ?? (started < size ? start() : undefined);
    if (!worker) return Promise.reject(new Error('more argon2 jobs than threads'));
    worker.ref();
    return new Promise((resolve, reject) => {
      pending.set(job.id, { resolve, reject });
      running.set(worker, job.id);
      worker.postMessage(job);
    });
  }

  return {
    hash: async (password, options) => (await run({ id: nextId++, op: 'hash', password, options })) as string,
    verify: async (stored, password) => (await run({ id: nextId++, op: 'verify', password, stored })) as boolean,
  };
}
