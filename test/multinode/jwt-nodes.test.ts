// Two nodes on PostgreSQL in JWT mode: a revocation made on one holds on the other within a second, for
// Keyway's own JWTs (their records' digests on the broadcast) and for Magento's (the user's key on it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { missingService, startPrivateRedis } from '../helpers/services.ts';
import { magentoToken, TEST_KEY } from '../jwt/magento-token.ts';
import { http } from '../network/server-process.ts';
import { login, meStatus, msUntilRefused, startCluster, type Cluster } from './nodes.ts';

// Customers get ids in this order: 1, 2.
const EMAILS = ['own-jwt@example.com', 'magento-jwt@example.com'];
const nowSeconds = () => Math.floor(Date.now() / 1000);

for (const withRedis of [false, true]) {
  const label = withRedis ? 'with Redis' : 'without Redis (LISTEN/NOTIFY)';
  describe(`JWT revocation on two nodes, ${label}`, () => {
    let cluster: Cluster;
    let redis: Awaited<ReturnType<typeof startPrivateRedis>> | undefined;
    let skip: string | undefined;
    before(async () => {
      skip = (await missingService('postgres')) ?? (withRedis ? await missingService('redis') : undefined);
      if (skip) return;
      if (withRedis) redis = await startPrivateRedis();
      cluster = await startCluster(EMAILS, redis?.url, {
        cryptKey: TEST_KEY,
        settings: { 'webapi/token/format': 'jwt' },
      });
    });
    after(async () => {
      await cluster?.stop();
      await redis?.kill();
    });

    it("Keyway's JWT issued on A, revoked on B: refused on A within a second", async (t) => {
      if (skip) return t.skip(skip);
      const { a, b } = cluster;
      const token = (await login(a, EMAILS[0]!)).json as string;
      assert.equal(token.split('.').length, 3, 'a JWT');
      for (const node of [a, a, b]) assert.equal(await meStatus(node, token), 200);
      const revoke = await http(b.url, 'POST', '/rest/V1/integration/customer/revoke-customer-token', { token });
      assert.equal(revoke.text, 'true');
      const propagation = await msUntilRefused(a, token);
      console.log(`Keyway JWT revocation ${label}: ${propagation.toFixed(1)} ms until A refused it`);
      assert.ok(propagation < 1000, `took ${propagation} ms`);
      assert.equal(await meStatus(a, (await login(b, EMAILS[0]!)).json as string), 200, 'a new login works');
    });

    it("Magento's JWT, its user's facts cached on A, revoked on B: refused on A within a second", async (t) => {
      if (skip) return t.skip(skip);
      const { a, b } = cluster;
      const token = magentoToken({ uid: 2, utypid: 3, iat: nowSeconds() - 5 });
      for (const node of [a, a, b]) assert.equal(await meStatus(node, token), 200);
      const revoke = await http(b.url, 'POST', '/rest/V1/integration/customer/revoke-customer-token', { token });
      assert.equal(revoke.text, 'true');
      const propagation = await msUntilRefused(a, token);
      console.log(`Magento JWT revocation ${label}: ${propagation.toFixed(1)} ms until A refused it`);
      assert.ok(propagation < 1000, `took ${propagation} ms`);
      assert.equal(await meStatus(b, token), 401);
      // One issued after the revocation's second works on both.
      const later = magentoToken({ uid: 2, utypid: 3, iat: nowSeconds() + 1 });
      for (const node of [a, b]) assert.equal(await meStatus(node, later), 200);
    });
  });
}
