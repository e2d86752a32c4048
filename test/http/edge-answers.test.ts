// backends: sqlite, postgres
// Requests that never reach a route still get Magento's error shape.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
  });
}

describe('answers outside the routes', () => {
  let s: TestServer;
  let port: number;
  before(async () => {
    s = await createTestServer();
    await s.app.listen({ port: 0, host: '127.0.0.1' });
    port = (s.app.server.address() as AddressInfo).port;
  });
  after(() => s.close());

  it('CONNECT gets the 405 naming the method, in JSON, and the server goes on', async () => {
    const answer = await rawRequest(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');
    assert.match(answer, /^HTTP\/1\.1 405 /);
    assert.ok(answer.endsWith('{"message":"The CONNECT HTTP method is not supported."}'), answer);
    const next = await s.call('GET', '/rest/V1/customers/me');
    assert.equal(next.status, 401);
  });

  it('an Accept header too long to read names its opening in the 406, never a bare placeholder', async () => {
    const accept = `text/html, ${'x/y, '.repeat(1000)}application/json`;
    const response = await s.call('GET', '/rest/V1/customers/me', { headers: { accept } });
    assert.equal(response.status, 406);
    const message = (response.json as { message: string }).message;
    assert.equal(message.includes('%1'), false);
    assert.ok(
      message.startsWith(
        'Server cannot match any of the given Accept HTTP header media type(s) from the request: "text/html',
      ),
    );
  });
});
