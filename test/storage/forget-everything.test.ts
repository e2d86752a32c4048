// backends: postgres
// A bulk write (an import) changes more than it can name, so it tells every node to empty its in-process
// caches. Here a write the caches are not told about (straight SQL) stays invisible to a node answering from
// its cache, until another node sends FORGET_EVERYTHING over the broadcast.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestServer, CUSTOMER, type TestServer } from '../helpers/test-app.ts';

describe('FORGET_EVERYTHING empties the caches of every node', () => {
  let a: TestServer;
  let b: TestServer;

  before(async () => {
    a = await createTestServer();
    b = await createTestServer({ shared: a.database, clock: a.clock });
    // Both nodes answer from their caches once their LISTEN connections are up.
    await new Promise((resolve) => setTimeout(resolve, 500));
  });

  after(async () => {
    await b?.close();
    await a?.close();
  });

  it("a node answers from its cache until another node's broadcast empties it", async () => {
    const id = await a.seedCustomer();
    const token = await a.customerToken();
    const firstname = async () =>
      ((await a.call('GET', '/rest/V1/customers/me', { token })).json as { firstname: string }).firstname;
    assert.equal(await firstname(), CUSTOMER.firstname);
    await a.keyway.stores.driver.run('UPDATE customer_entity SET firstname = ? WHERE entity_id = ?', ['Bulk', id]);
    assert.equal(await firstname(), CUSTOMER.firstname, 'the cached record answers: nothing told the caches');
    await b.keyway.tokens.forgetEverything();
    const until = Date.now() + 1000;
    let seen = await firstname();
    while (seen !== 'Bulk' && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = await firstname();
    }
    assert.equal(seen, 'Bulk');
  });
});
