// The importer's pure rules, without a database: effective settings, ACL per user type, Magento's decryption.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readAcl } from '../../src/import/magento-acl.ts';
import { createMagentoDecrypter, isMagentoEncrypted } from '../../src/import/magento-crypt.ts';
import { effectiveSettings } from '../../src/import/magento-settings.ts';
import type { MagentoConfigRow, MagentoRole } from '../../src/import/magento-source.ts';
import { magentoEncrypt } from './magento-database.ts';

const row = (path: string, value: string | null, scope = 'default', scopeId = 0): MagentoConfigRow => ({
  scope,
  scopeId,
  path,
  value,
});

describe("effective settings: a default-scope row, else Magento's default", () => {
  it('uses Magento defaults where no row exists, rows where they do', () => {
    const { values, notices, refusals } = effectiveSettings([row('oauth/access_token_lifetime/admin', '2')]);
    assert.equal(values.get('oauth/access_token_lifetime/customer'), '1');
    assert.equal(values.get('oauth/access_token_lifetime/admin'), '2');
    assert.equal(values.get('webapi/jwtauth/customer_expiration'), '60');
    assert.deepEqual([notices, refusals], [[], []]);
  });

  it('ignores other scopes and paths Keyway does not know, and keeps the default over a refused value', () => {
    const { values, notices } = effectiveSettings([
      row('customer/password/lockout_failures', '3', 'websites', 1),
      row('catalog/search/engine', 'opensearch'),
      row('oauth/authentication_lock/max_failures_count', 'many'),
    ]);
    assert.equal(values.get('customer/password/lockout_failures'), '10');
    assert.equal(values.get('oauth/authentication_lock/max_failures_count'), '6');
    assert.equal(values.has('catalog/search/engine' as never), false);
    assert.equal(notices.length, 2);
  });

  it('keeps google among forced providers, and refuses when only providers Keyway lacks are forced', () => {
    const mixed = effectiveSettings([row('twofactorauth/general/force_providers', 'google,duo_security')]);
    assert.equal(mixed.values.get('twofactorauth/general/force_providers'), 'google');
    assert.equal(mixed.refusals.length, 0);
    const duoOnly = effectiveSettings([row('twofactorauth/general/force_providers', 'duo_security')]);
    assert.match(duoOnly.refusals[0] ?? '', /forces duo_security; Keyway provides only google/);
  });
});

describe('ACL per user type', () => {
  const role = (id: number, roleType: string, parentId: number, userId: number, userType: number, name: string) =>
    ({ id, roleType, parentId, userId, userType, name }) satisfies MagentoRole;

  it("gives an admin its group's allow rules and an integration its own, even under the same user id", () => {
    const acl = readAcl(
      [role(1, 'G', 0, 0, 2, 'Desk'), role(2, 'U', 1, 7, 2, 'ann'), role(3, 'U', 0, 7, 1, '17')],
      [
        { roleId: 1, resourceId: 'Magento_Customer::customer', permission: 'allow' },
        { roleId: 1, resourceId: 'Magento_Sales::sales', permission: 'deny' },
        { roleId: 3, resourceId: 'Magento_Backend::all', permission: 'allow' },
      ],
    );
    assert.deepEqual(acl.groupOfAdmin.get(7)?.resources, ['Magento_Customer::customer']);
    assert.deepEqual(acl.grantsOfIntegration.get(7), { allResources: true, resources: [] });
  });

  it('refuses two groups of one name, which Keyway could not tell apart', () => {
    const acl = readAcl([role(1, 'G', 0, 0, 2, 'Desk'), role(4, 'G', 0, 0, 2, 'Desk')], []);
    assert.match(acl.refusals[0] ?? '', /authorization_role 4: its name "Desk" is also role 1's/);
  });
});

describe("Magento's Encryptor values", () => {
  const key = 'fedcba9876543210fedcba9876543210';

  it('decrypts with the key version the value names, and refuses another key', () => {
    const value = magentoEncrypt('JBSWY3DPEHPK3PXP', key);
    assert.ok(isMagentoEncrypted(value));
    assert.equal(
      createMagentoDecrypter(`0123456789abcdef0123456789abcdef\n${key}`).decrypt(value.replace(/^0:/, '1:')),
      'JBSWY3DPEHPK3PXP',
    );
    assert.throws(() => createMagentoDecrypter('0123456789abcdef0123456789abcdef').decrypt(value), /does not decrypt/);
  });

  it('names the mcrypt ciphers it cannot read and refuses keys of the wrong shape', () => {
    assert.throws(() => createMagentoDecrypter(key).decrypt('0:2:abcdefghijklmnop'), /cipher version 2/);
    assert.throws(() => createMagentoDecrypter('short'), /32-character keys/);
    assert.equal(isMagentoEncrypted('cs0000000000000000000000000000s1'), false);
  });
});
