// The integration settings: Magento's defaults, validated like every other setting, read live by the OAuth checks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SettingError } from '../../src/config/settings.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';

describe('integration settings', () => {
  let s: TestServer;
  before(async () => {
    s = await createTestServer();
  });
  after(() => s.close());

  it("have Magento's defaults (Bearer use of integration tokens off, as in 2.4.4+)", () => {
    const { settings } = s.keyway;
    assert.equal(settings.get('oauth/consumer/enable_integration_as_bearer'), '0');
    assert.equal(settings.get('oauth/consumer/expiration_period'), '300');
    assert.equal(settings.get('oauth/consumer/post_timeout'), '5');
    assert.equal(settings.get('oauth/signature/allow_sha1'), '1');
    assert.deepEqual({ ...s.keyway.integrationStore.settings }, { consumerExpirationSeconds: 300, allowSha1: true });
  });

  it('refuse values they cannot use, naming the path and what it expects', async () => {
    const refusals: [string, string, string][] = [
      ['oauth/consumer/enable_integration_as_bearer', '2', '0 or 1'],
      ['oauth/signature/allow_sha1', 'yes', '0 or 1'],
      ['oauth/consumer/expiration_period', '0', 'a whole number from 1 to 999999999'],
      ['oauth/consumer/post_timeout', '-5', 'a whole number from 1 to 999999999'],
    ];
    for (const [path, value, expected] of refusals) {
      await assert.rejects(
        s.keyway.settings.set(path, value),
        (error: unknown) =>
          error instanceof SettingError && error.message === `${path} must be ${expected}, got "${value}"`,
      );
    }
  });

  it('reach the OAuth checks live', async () => {
    await s.keyway.settings.set('oauth/consumer/expiration_period', '60');
    await s.keyway.settings.set('oauth/signature/allow_sha1', '0');
    assert.equal(s.keyway.integrationStore.settings.consumerExpirationSeconds, 60);
    assert.equal(s.keyway.integrationStore.settings.allowSha1, false);
  });
});
