// backends: sqlite, postgres
// /health/live and /health/ready (not in Magento): readiness follows the database, liveness the process.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { routeNotFound } from '../helpers/magento-bodies.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

describe('health endpoints', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
  });
  after(() => s.close());

  it('live answers 200 {"status":"ok"}', async () => {
    const response = await s.call('GET', '/health/live');
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, { status: 'ok' });
    assert.match(String(response.headers['content-type']), /^application\/json/);
  });

  it('ready answers 200 while the database answers', async () => {
    const response = await s.call('GET', '/health/ready');
    assert.equal(response.status, 200);
    assert.deepEqual(response.json, { status: 'ok' });
  });

  it('they are not under /rest/, and other methods get the usual 404', async () => {
    assert.equal((await s.call('GET', '/rest/health/live')).status, 400);
    const post = await s.call('POST', '/health/live');
    assert.equal(post.status, 404);
    assert.deepEqual(post.json, routeNotFound);
  });
});

describe('readiness without a database', () => {
  it('answers 503 {"status":"unavailable"} once the database is closed, and live still answers 200', async () => {
    const s = await createTestServer();
    try {
      assert.equal((await s.call('GET', '/health/ready')).status, 200);
      await s.keyway.close();
      const ready = await s.call('GET', '/health/ready');
      assert.equal(ready.status, 503);
      assert.deepEqual(ready.json, { status: 'unavailable' });
      assert.equal((await s.call('GET', '/health/live')).status, 200);
    } finally {
      await s.app.close();
      await s.database.drop();
    }
  });

  it('answers 503 when the database does not answer in time', async () => {
    const s = await createTestServer();
    const driver = s.keyway.stores.driver;
    const ping = driver.ping;
    driver.ping = () => new Promise<boolean>(() => {}); // a database that never answers
    try {
      const started = Date.now();
      const ready = await s.call('GET', '/health/ready');
      assert.equal(ready.status, 503);
      assert.ok(Date.now() - started < 5000);
    } finally {
      driver.ping = ping;
      await s.close();
    }
  });
});
