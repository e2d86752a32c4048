// isReadableMagentoHash: what an importer accepts is exactly what sign-in can verify.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { isReadableMagentoHash, verifyMagentoHash } from '../../src/auth/magento-hash.ts';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('isReadableMagentoHash', () => {
  it('accepts every version Magento writes, and chains of them', async () => {
    const v0 = `${md5('saltsecret#1')}:salt:0`;
    // `customer:hash:upgrade` appends a version: sha256 applied to the md5 hex.
    const chain = `${sha256(`salt${md5('saltsecret#1')}`)}:salt:0:1`;
    for (const value of [
      v0,
      chain,
      `${sha256('saltsecret#1')}:salt:1`,
      `${'a'.repeat(64)}:salt:2`,
      'abf1de8d537a1270237b9b56c8db9c67aeece6d89639a64d5ffd7264262541ab:PNK7gwTSnTc9L8AXZEvgZQ4SA66qirus:3_32_2_67108864',
    ]) {
      assert.equal(isReadableMagentoHash(value), true, value);
    }
    assert.equal(await verifyMagentoHash('secret#1', v0), true, 'version 0 verifies');
    assert.equal(await verifyMagentoHash('secret#1', chain), true, 'a 0:1 chain verifies');
    assert.equal(await verifyMagentoHash('secret#2', v0), false);
  });

  it('refuses what sign-in could never verify', () => {
    for (const value of [
      '',
      `${md5('x')}:salt`, // Magento 1's two-part form, before the migration tool appends :0
      `${md5('x')}:salt:1`, // an md5-long digest under sha256
      `${sha256('x')}:salt:9`,
      `${sha256('x').toUpperCase()}:salt:1`,
      `${'a'.repeat(64)}::3_32_2_67108864`, // argon2 needs a salt
      `${'a'.repeat(64)}:salt:3_32_2_99999999999`,
      '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA',
    ]) {
      assert.equal(isReadableMagentoHash(value), false, value);
    }
  });
});
