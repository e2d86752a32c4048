// backends: sqlite, postgres
// /swagger without a browser: the package's page, pointed at Magento's schema URL (the browser test is in test/network).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

describe('/swagger', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
  });
  after(() => s.close());

  it('serves the Swagger UI page and assets from @fastify/swagger-ui', async () => {
    const page = await s.call('GET', '/swagger');
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.text, /swagger-ui-bundle\.js/);
    assert.equal((await s.call('GET', '/swagger/static/swagger-ui-bundle.js')).status, 200);
  });

  it('points the page at each store schema URL and sends the authorized token with it', async () => {
    const script = (await s.call('GET', '/swagger/static/swagger-initializer.js')).text;
    assert.ok(script.includes('"url":"/rest/default/schema?services=all"'));
    assert.ok(script.includes('"url":"/rest/all/schema?services=all"'));
    assert.match(script, /request\.headers\.Authorization = 'Bearer ' \+ window\.keywayBearerToken/);
    assert.match(script, /system\.specActions\.download\(\)/);
  });

  it('sends the package document URLs to the real document', async () => {
    for (const url of ['/swagger/json', '/swagger/yaml']) {
      const response = await s.call('GET', url);
      assert.equal(response.status, 302);
      assert.equal(response.headers.location, '/rest/default/schema?services=all');
    }
  });

  it('can be left out', async () => {
    const bare = await createTestServer({ http: { swaggerUi: false } });
    try {
      assert.equal((await bare.call('GET', '/swagger')).status, 404);
    } finally {
      await bare.close();
    }
  });
});
