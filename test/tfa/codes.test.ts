// backends: sqlite, postgres
// How codes are checked: the leeway window on Keyway's clock, replays refused, and wrong codes counted as failed
// sign-ins (the account lock and the per-address limit), also under a burst of concurrent attempts.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SIGN_IN_INCORRECT } from '../helpers/magento-bodies.ts';
import { ADMIN } from '../helpers/test-app.ts';
import { INVALID_CODE, URLS, createTfaServer, type TfaServer } from './tfa-helpers.ts';

let s: TfaServer;
let secret: string;
beforeEach(async () => {
  s = await createTfaServer();
  secret = await s.activateGoogle();
  // A step past the activation code's (spent), and mid-step, where otphp's leeway of 29 s reaches one step either
  // side (at a step's first second it could not reach the next one).
  s.clock.advance(45_000);
});
afterEach(async () => {
  await s.close();
});

describe('the leeway window (twofactorauth/google/leeway, default 29 s)', () => {
  for (const offset of [-30, 30]) {
    it(`accepts the code of ${offset} s`, async () => {
      const response = await s.authenticate(s.code(secret, offset));
      assert.equal(response.status, 200, response.text);
    });
  }
  for (const offset of [-60, 60]) {
    it(`refuses the code of ${offset} s`, async () => {
      const response = await s.authenticate(s.code(secret, offset));
      assert.equal(response.status, 401);
      assert.deepEqual(response.json, INVALID_CODE);
    });
  }
  it('follows the setting: with 1 s, only the current step', async () => {
    await s.keyway.settings.set('twofactorauth/google/leeway', '1');
    assert.equal((await s.authenticate(s.code(secret, -30))).status, 401);
    assert.equal((await s.authenticate(s.code(secret))).status, 200);
  });
});

describe('replays (not in Magento)', () => {
  it('refuses a code accepted once, for the rest of its window', async () => {
    const code = s.code(secret);
    assert.equal((await s.authenticate(code)).status, 200);
    const again = await s.authenticate(code);
    assert.equal(again.status, 401);
    assert.deepEqual(again.json, INVALID_CODE);
    // Nor may an earlier step's code follow a later one.
    assert.equal((await s.authenticate(s.code(secret, -30))).status, 401);
    s.clock.advance(30_000);
    assert.equal((await s.authenticate(s.code(secret))).status, 200);
  });

  it('refuses the activation code for authentication', async () => {
    const t = await createTfaServer();
    try {
      const fresh = await t.configure();
      const code = t.code(fresh);
      assert.equal((await t.call('POST', URLS.activate, { json: { tfaToken: t.tfat(), otp: code } })).status, 200);
      assert.equal((await t.authenticate(code)).status, 401);
    } finally {
      await t.close();
    }
  });

  it('accepts a replay when twofactorauth/keyway/refuse_reused_codes is 0, as Magento does', async () => {
    await s.keyway.settings.set('twofactorauth/keyway/refuse_reused_codes', '0');
    const code = s.code(secret);
    assert.equal((await s.authenticate(code)).status, 200);
    assert.equal((await s.authenticate(code)).status, 200);
  });
});

describe('wrong codes are failed sign-ins (not in Magento)', () => {
  const max = 6;

  it('locks the account after the configured number of wrong codes', async () => {
    for (let i = 0; i < max; i++) {
      const response = await s.authenticate('000000');
      assert.equal(response.status, 401);
      assert.deepEqual(response.json, INVALID_CODE);
    }
    const locked = await s.authenticate(s.code(secret));
    assert.equal(locked.status, 401);
    assert.deepEqual(locked.json, SIGN_IN_INCORRECT);
    assert.deepEqual((await s.call('POST', URLS.adminToken, { json: ADMIN })).json, SIGN_IN_INCORRECT);
  });

  it('a right password with a wrong code clears no earlier failures', async () => {
    for (let i = 0; i < max - 1; i++) assert.equal((await s.authenticate('000000', 'wrong-password')).status, 401);
    assert.deepEqual((await s.authenticate('000000')).json, INVALID_CODE);
    assert.deepEqual((await s.authenticate(s.code(secret))).json, SIGN_IN_INCORRECT);
  });

  it('a right password and code do clear them', async () => {
    for (let i = 0; i < max - 1; i++) assert.equal((await s.authenticate('000000')).status, 401);
    assert.equal((await s.authenticate(s.code(secret))).status, 200);
    for (let i = 0; i < max - 1; i++) assert.equal((await s.authenticate('000000')).status, 401);
    s.clock.advance(30_000);
    assert.equal((await s.authenticate(s.code(secret))).status, 200);
  });

  it('counts wrong activation codes against the account too', async () => {
    const t = await createTfaServer();
    try {
      await t.configure();
      for (let i = 0; i < max; i++) {
        const response = await t.call('POST', URLS.activate, { json: { tfaToken: t.tfat(), otp: '000000' } });
        assert.deepEqual(response.json, INVALID_CODE);
      }
      const locked = await t.call('POST', URLS.activate, { json: { tfaToken: t.tfat(), otp: '000000' } });
      assert.equal(locked.status, 401);
      assert.deepEqual(locked.json, SIGN_IN_INCORRECT);
    } finally {
      await t.close();
    }
  });

  it('counts them against the address: its limit answers 429', async () => {
    await s.keyway.settings.set('webapi/throttle/address_max_failures', '3');
    for (let i = 0; i < 3; i++) assert.equal((await s.authenticate('000000')).status, 401);
    const throttled = await s.authenticate(s.code(secret));
    assert.equal(throttled.status, 429);
  });

  it('100 concurrent wrong codes cause no more code checks than the limit allows', async () => {
    const responses = await Promise.all(Array.from({ length: 100 }, () => s.authenticate('000000')));
    const checks = s.log.filter((entry) => entry.event === 'tfa_invalid_code').length;
    assert.ok(checks <= max, `${checks} code checks`);
    assert.equal(checks, max);
    assert.ok(responses.every((response) => response.status === 401));
    assert.equal(
      responses.filter((response) => (response.json as { message: string }).message === 'Invalid code.').length,
      max,
    );
  });

  it('when twofactorauth/keyway/count_code_failures is 0, wrong codes lock nothing', async () => {
    await s.keyway.settings.set('twofactorauth/keyway/count_code_failures', '0');
    for (let i = 0; i < max + 2; i++) assert.deepEqual((await s.authenticate('000000')).json, INVALID_CODE);
    assert.equal((await s.authenticate(s.code(secret))).status, 200);
  });
});
