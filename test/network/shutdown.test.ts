// SIGTERM on a real server process: no new connections, every request in flight answered in full, the
// database closed, exit code 0.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, describe, it } from 'node:test';
import { http, type ServerProcess, startServer, tempWorkspace } from './server-process.ts';

const TOKEN_PATH = '/rest/V1/integration/customer/token';
const CUSTOMER = { email: 'stop@example.com', firstname: 'Stella', lastname: 'Stop' };
const PASSWORD = 'Graceful-Stop-1';

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A login whose body arrives in two parts, so it stays in flight until `finish()` sends the rest. */
function slowLogin(base: URL): { finish(): void; done: boolean; response: Promise<{ status: number; body: string }> } {
  const body = JSON.stringify({ username: CUSTOMER.email, password: PASSWORD });
  const half = Math.floor(body.length / 2);
  const state = { done: false };
  let finish = () => {};
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = httpRequest(
      {
        host: base.hostname,
        port: base.port,
        method: 'POST',
        path: TOKEN_PATH,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        let text = '';
        res
          .setEncoding('utf8')
          .on('data', (chunk: string) => (text += chunk))
          .on('end', () => {
            state.done = true;
            resolve({ status: res.statusCode ?? 0, body: text });
          });
      },
    );
    request.on('error', reject);
    request.write(body.slice(0, half));
    finish = () => request.end(body.slice(half));
  });
  return {
    finish: () => finish(),
    get done() {
      return state.done;
    },
    response,
  };
}

/** Whether a new TCP connection is refused (true) or accepted (false). */
function refused(base: URL): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: base.hostname, port: Number(base.port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

describe('SIGTERM', () => {
  const workspace = tempWorkspace('keyway-stop-');
  let started: ServerProcess | undefined;
  // A failed assertion must not leave the server running: the test process would wait on it for ever.
  after(async () => {
    await started?.stop('SIGKILL');
    workspace.remove();
  });

  it('finishes the requests in flight, refuses new connections, closes the database and exits 0', {
    timeout: 60_000,
  }, async () => {
    const server = await startServer({ env: { DATABASE_URL: workspace.databaseUrl, LOG_LEVEL: 'info' } });
    started = server;
    const base = new URL(server.url);
    // Signing up stores a real argon2id hash, so every login below costs real work on the thread pool.
    const signUp = await http(server.url, 'POST', '/rest/V1/customers', {
      json: { customer: CUSTOMER, password: PASSWORD },
    });
    assert.equal(signUp.status, 200, signUp.text);

    const seen = () =>
      server.lines.filter((line) => line.includes('"incoming request"') && line.includes(TOKEN_PATH)).length;
    const slow = slowLogin(base);
    const logins = Array.from({ length: 6 }, () =>
      http(server.url, 'POST', TOKEN_PATH, { json: { username: CUSTOMER.email, password: PASSWORD } }),
    );
    await waitFor(() => seen() === 7, 'the server to receive all seven logins');

    const exited = server.stop('SIGTERM');
    await waitFor(() => server.lines.some((line) => line.includes('"msg":"stopping"')), 'the stopping line');
    let refusedNow = false;
    for (let attempt = 0; attempt < 100 && !refusedNow; attempt++) {
      refusedNow = await refused(base);
      if (!refusedNow) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(refusedNow, 'a new connection after SIGTERM is refused');
    assert.equal(slow.done, false, 'the slow login is still in flight while new connections are refused');

    slow.finish();
    const answers = await Promise.all([
      slow.response.then(({ status, body }) => ({ status, json: JSON.parse(body) as unknown })),
      ...logins,
    ]);
    for (const answer of answers) {
      assert.equal(answer.status, 200);
      assert.match(String(answer.json), /^[0-9a-z]{32}$/);
    }
    const { code, signal } = await exited;
    assert.deepEqual({ code, signal }, { code: 0, signal: null }, server.stderr());
    assert.ok(
      server.lines.some((line) => line.includes('"msg":"stopped"')),
      'the database closed and the process said so',
    );
  });
});
