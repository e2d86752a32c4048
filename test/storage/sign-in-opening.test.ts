// backends: sqlite, postgres
// A sign-in's opening (address slot, account place, account) answers and counts as the throttle store's
// statements one at a time do, on SQLite (which runs them so) and PostgreSQL (one statement).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { blankProfile } from '../../src/accounts/customer-profile.ts';
import { UserType } from '../../src/auth/principal.ts';
import type { OpeningRequest } from '../../src/auth/sign-in-opening.ts';
import type { AttemptDecision } from '../../src/auth/throttle-store.ts';
import { SqlSignInOpeningStore } from '../../src/storage/sign-in-opening-store.ts';
import { openStores, type Stores } from '../../src/storage/stores.ts';
import { SqlThrottleStore } from '../../src/storage/throttle-store.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.ts';

const NOW = 1_800_000_000_000;
const WINDOW_MS = 60_000;
const EMAIL = 'opening@example.com';

describe('the sign-in opening', () => {
  let database: TestDatabase;
  let stores: Stores;
  let customerId: number;

  before(async () => {
    database = await createTestDatabase();
    stores = await openStores(database.url);
    const profile = blankProfile({ websiteId: 1, storeId: 1, groupId: 1, createdIn: 'Default', updatedAt: '' });
    customerId = await stores.customers.insert({ ...profile, email: EMAIL, firstname: 'O', lastname: 'P' }, 'h', '');
  });

  after(async () => {
    await stores.driver.close();
    await database.drop();
  });

  const request = (userName: string, address: string | undefined, maxFailures = 6): OpeningRequest => ({
    address: address === undefined ? undefined : { key: address, maxFailures: 2, windowMs: WINDOW_MS },
    userName,
    userType: UserType.CUSTOMER,
    now: NOW,
    maxFailures,
  });
  const place = (userName: string) =>
    stores.driver.get<{ failures_count: number; pending_count: number }>(
      'SELECT failures_count, pending_count FROM oauth_token_request_log WHERE user_name = ? AND user_type = ?',
      [userName, UserType.CUSTOMER],
    );

  it('takes the slot and the place and reads the account, matching the email as a lookup does', async () => {
    const opening = await stores.signIn.openCustomer(request('a', '10.0.0.1'), 1, ` ${EMAIL.toUpperCase()}`);
    assert.deepEqual(opening.address, { address: '10.0.0.1', windowEndsAt: NOW + WINDOW_MS });
    assert.equal(opening.decision, 'go');
    assert.equal(opening.account?.entity_id, customerId);
    assert.equal(opening.account?.password_hash, 'h');
    assert.equal(opening.account?.is_active, 1);
    assert.equal(opening.account?.failures_num, 0);
    assert.deepEqual({ ...(await place('a')) }, { failures_count: 0, pending_count: 1 });
  });

  it('a throttled address takes no place and reads no account', async () => {
    await stores.signIn.openCustomer(request('b', '10.0.0.1'), 1, EMAIL); // the address's second slot
    const opening = await stores.signIn.openCustomer(request('c', '10.0.0.1'), 1, EMAIL);
    assert.deepEqual(opening, {
      address: { throttledUntil: NOW + WINDOW_MS },
      decision: undefined,
      account: undefined,
    });
    assert.equal(await place('c'), undefined);
  });

  it('is locked by failures, busy while checks fill the places, and locked outright by a limit of 0', async () => {
    await stores.throttle.recordFailure('d', UserType.CUSTOMER, NOW, 60_000);
    const locked = await stores.signIn.openCustomer(request('d', undefined, 1), 1, EMAIL);
    assert.deepEqual(locked, { address: undefined, decision: 'locked', account: undefined });
    await stores.signIn.openCustomer(request('e', undefined, 1), 1, EMAIL);
    const busy = await stores.signIn.openCustomer(request('e', undefined, 1), 1, EMAIL);
    assert.deepEqual(busy, { address: undefined, decision: 'busy', account: undefined });
    const none = await stores.signIn.openCustomer(request('f', undefined, 0), 1, EMAIL);
    assert.deepEqual(none, { address: undefined, decision: 'locked', account: undefined });
    assert.equal(await place('f'), undefined);
  });

  it('reads no account for an unknown email, another website, or a key no account can have', async () => {
    for (const [i, [websiteId, email]] of (
      [
        [1, 'nobody@example.com'],
        [2, EMAIL],
        [1, `${EMAIL}\u0000`],
      ] as [number, string][]
    ).entries()) {
      const opening = await stores.signIn.openCustomer(request(`g${i}`, undefined), websiteId, email);
      assert.equal(opening.decision, 'go');
      assert.equal(opening.account, undefined, email);
    }
  });

  it('reads an admin by username without case, and hands slot and place back together', async () => {
    const adminId = await stores.admins.insert({
      username: 'Opener',
      email: 'opener@example.com',
      firstname: 'O',
      lastname: 'P',
      passwordHash: 'ah',
      roleId: 1,
      createdAt: '',
    });
    const opening = await stores.signIn.openAdmin(
      { ...request('opener', '10.0.0.2'), userType: UserType.ADMIN },
      'OPENER',
    );
    assert.equal(opening.decision, 'go');
    // SQLite's lookup reads the whole row; the sign-in uses these.
    const { user_id, password_hash, is_active } = opening.account!;
    assert.deepEqual({ user_id, password_hash, is_active }, { user_id: adminId, password_hash: 'ah', is_active: 1 });
    assert.ok(opening.address && 'windowEndsAt' in opening.address);
    await stores.throttle.releaseAttempt('opener', UserType.ADMIN, 'passed', opening.address);
    const slot = await stores.driver.get<{ failures_count: number }>(
      'SELECT failures_count FROM oauth_token_address_log WHERE address = ?',
      ['10.0.0.2'],
    );
    assert.equal(slot?.failures_count, 0);
    const row = await stores.driver.get<{ pending_count: number }>(
      'SELECT pending_count FROM oauth_token_request_log WHERE user_name = ? AND user_type = ?',
      ['opener', UserType.ADMIN],
    );
    assert.equal(row?.pending_count, 0);
  });

  it('a step that fails hands back what the opening had taken: the slot, and the place once taken', async () => {
    // The throttle's own statements, except a place that cannot be taken; and a lookup that always fails.
    class PlaceDown extends SqlThrottleStore {
      override reserveAttempt(): Promise<AttemptDecision> {
        return Promise.reject(new Error('down'));
      }
    }
    const broken = (step: 'place' | 'lookup') =>
      new SqlSignInOpeningStore(
        step === 'place' ? new PlaceDown(stores.driver) : stores.throttle,
        { findByEmail: () => Promise.reject(new Error('down')) },
        stores.admins,
      );
    const slotCount = async (address: string) =>
      (
        await stores.driver.get<{ failures_count: number }>(
          'SELECT failures_count FROM oauth_token_address_log WHERE address = ?',
          [address],
        )
      )?.failures_count;
    await assert.rejects(broken('place').openCustomer(request('f1', '10.0.0.3'), 1, EMAIL), /down/);
    assert.equal(await slotCount('10.0.0.3'), 0);
    await assert.rejects(broken('lookup').openCustomer(request('f2', '10.0.0.4'), 1, EMAIL), /down/);
    assert.equal(await slotCount('10.0.0.4'), 0);
    assert.deepEqual({ ...(await place('f2')) }, { failures_count: 0, pending_count: 0 });
  });
});
