// Several Keyway nodes on one PostgreSQL (and one Redis): a token works on every node, a revocation holds on
// every node within a second, throttling counts across nodes, and losing Redis loses nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { missingService, startPrivateRedis } from '../helpers/services.ts';
import { http } from '../network/server-process.ts';
import { PASSWORD, login, meStatus, msUntilRefused, startCluster, verificationsLogged, type Cluster } from './nodes.ts';

const EMAILS = ['shared@example.com', 'locked@example.com', 'storm@example.com', 'outage@example.com'];

for (const withRedis of [false, true]) {
  const label = withRedis ? 'with Redis' : 'without Redis (LISTEN/NOTIFY)';
  describe(`two nodes on PostgreSQL, ${label}`, () => {
    let cluster: Cluster;
    let redis: Awaited<ReturnType<typeof startPrivateRedis>> | undefined;
    let skip: string | undefined;
    before(async () => {
      skip = (await missingService('postgres')) ?? (withRedis ? await missingService('redis') : undefined);
      if (skip) return;
      if (withRedis) redis = await startPrivateRedis();
      cluster = await startCluster(EMAILS, redis?.url);
    });
    after(async () => {
      await cluster?.stop();
      await redis?.kill();
    });

    it('a token issued on A works on B; revoked on B, it is refused on A within a second', async (t) => {
      if (skip) return t.skip(skip);
      const { a, b } = cluster;
      const issued = await login(a, 'shared@example.com');
      assert.equal(issued.status, 200);
      const token = issued.json as string;
      // Both nodes have now read the token, so it sits in their caches.
      assert.equal(await meStatus(a, token), 200);
      assert.equal(await meStatus(a, token), 200);
      assert.equal(await meStatus(b, token), 200);
      const revoke = await http(b.url, 'POST', '/rest/V1/integration/customer/revoke-customer-token', { token });
      assert.equal(revoke.text, 'true');
      const propagation = await msUntilRefused(a, token);
      console.log(
        `revocation propagation ${label}: ${propagation.toFixed(1)} ms from the revoke answer on B to the first refusal on A`,
      );
      assert.ok(propagation < 1000, `took ${propagation} ms`);
      assert.equal(await meStatus(b, token), 401);
      const fresh = (await login(b, 'shared@example.com')).json as string;
      assert.equal(await meStatus(a, fresh), 200);
    });

    it('three failures on A and three on B lock the account on both', async (t) => {
      if (skip) return t.skip(skip);
      const { a, b } = cluster;
      for (const node of [a, a, a, b, b, b])
        assert.equal((await login(node, 'locked@example.com', 'wrong')).status, 401);
      assert.equal((await login(a, 'locked@example.com')).status, 401);
      assert.equal((await login(b, 'locked@example.com')).status, 401);
    });

    it('40 concurrent wrong attempts over both nodes verify no more passwords than the limit', async (t) => {
      if (skip) return t.skip(skip);
      const { a, b } = cluster;
      const attempts = Array.from({ length: 40 }, (_, i) => login(i % 2 === 0 ? a : b, 'storm@example.com', 'wrong'));
      const statuses = (await Promise.all(attempts)).map((response) => response.status);
      assert.ok(statuses.every((status) => status === 401));
      await new Promise((resolve) => setTimeout(resolve, 200));
      const verified = verificationsLogged(a, 'storm@example.com') + verificationsLogged(b, 'storm@example.com');
      console.log(`40 concurrent wrong attempts ${label}: ${verified} password verifications (limit 6)`);
      assert.equal(verified, 6);
    });

    if (withRedis) {
      it('killing Redis: requests keep succeeding and a revocation made then holds on both nodes', async (t) => {
        if (skip) return t.skip(skip);
        const { a, b } = cluster;
        const kept = (await login(a, 'outage@example.com')).json as string;
        const doomed = (await login(b, 'outage@example.com')).json as string;
        for (const node of [a, b]) {
          assert.equal(await meStatus(node, kept), 200);
          assert.equal(await meStatus(node, doomed), 200);
        }
        await redis!.kill();
        for (const node of [a, b]) assert.equal(await meStatus(node, kept), 200, 'served without Redis');
        const relogin = await login(a, 'outage@example.com');
        assert.equal(relogin.status, 200, 'logins work without Redis');
        // Revoke through a password change on B: every other token of the account goes, the caller's stays.
        const change = await http(b.url, 'PUT', '/rest/V1/customers/me/password', {
          token: relogin.json as string,
          json: { currentPassword: PASSWORD, newPassword: 'Passw0rd!2' },
        });
        assert.equal(change.text, 'true');
        for (const node of [a, b]) {
          assert.equal(await meStatus(node, kept), 401, 'revoked while Redis was down');
          assert.equal(await meStatus(node, doomed), 401);
          assert.equal(await meStatus(node, relogin.json as string), 200);
        }
        // Redis comes back on the same port: the revoked tokens stay refused.
        redis = await startPrivateRedis(redis!.port);
        await new Promise((resolve) => setTimeout(resolve, 2500));
        for (const node of [a, b]) {
          assert.equal(await meStatus(node, kept), 401);
          assert.equal(await meStatus(node, relogin.json as string), 200);
        }
      });
    }
  });
}
