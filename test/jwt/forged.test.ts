// Every token that proves nothing is a guest, exactly as Magento answers one: 401 naming the resource on a self
// route and on an ACL route, 200 on an anonymous route; never a 500.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { notAuthorized } from '../helpers/magento-bodies.ts';
import { ADMIN, createTestServer, type TestServer } from '../helpers/test-app.ts';
import { magentoToken, paddedKey, seconds, signWith, TEST_KEY } from './magento-token.ts';

const ROUTES = {
  self: ['GET', '/rest/V1/customers/me', 'self'],
  acl: ['GET', '/rest/V1/customers/1', 'Magento_Customer::customer'],
} as const;

describe('forged and broken JWTs are guests', () => {
  let s: TestServer;
  let forged: Record<string, string>;
  before(async () => {
    s = await createTestServer();
    await s.seedAdmin(ADMIN.username, ADMIN.password);
    await s.seedCustomer();
    await s.keyway.settings.set('webapi/token/format', 'jwt');
    const iat = seconds(s.clock.now());
    const key = paddedKey(TEST_KEY);
    const admin = { uid: 1, utypid: 2 as const, iat, exp: iat + 3600 };
    const customer = { uid: 1, utypid: 3 as const, iat, exp: iat + 3600 };
    const good = magentoToken(admin);
    const own = await s.adminToken();
    const [ownHeader, , ownSignature] = own.split('.');
    const noneHeader = Buffer.from('{"alg":"none"}').toString('base64url');
    const body = (claims: unknown) => Buffer.from(JSON.stringify(claims)).toString('base64url');
    const without = (name: string) => Object.fromEntries(Object.entries(admin).filter(([claim]) => claim !== name));
    forged = {
      'modified payload (admin 1 made admin 2)': `${good.split('.')[0]}.${body({ ...admin, uid: 2 })}.${good.split('.')[2]}`,
      "modified payload of Keyway's own token": `${ownHeader}.${body({ ...admin, exp: iat + 99_999 })}.${ownSignature}`,
      'alg none, no signature': `${noneHeader}.${body(admin)}.`,
      'alg none, with the real signature': `${noneHeader}.${body(admin)}.${good.split('.')[2]}`,
      'alg HS384 while HS256 is configured': magentoToken(admin, { alg: 'HS384' }),
      'kid "2"': signWith({ kid: '2', alg: 'HS256' }, admin, key),
      'no kid': signWith({ alg: 'HS256' }, admin, key),
      'crit header': signWith({ kid: '1', alg: 'HS256', crit: ['b64'], b64: false }, admin, key),
      'bad signature': `${good.slice(0, -4)}AAAA`,
      'signed with another crypt/key': magentoToken(admin, { key: 'fedcba9876543210fedcba9876543210' }),
      'signed with the key unpadded': signWith({ kid: '1', alg: 'HS256' }, admin, TEST_KEY),
      'HS256 signed with an empty key': `${good.split('.').slice(0, 2).join('.')}.${createHmac('sha256', '').update(good.split('.').slice(0, 2).join('.')).digest('base64url')}`,
      'missing uid': signWith({ kid: '1', alg: 'HS256' }, without('uid'), key),
      'missing utypid': signWith({ kid: '1', alg: 'HS256' }, without('utypid'), key),
      'missing iat': signWith({ kid: '1', alg: 'HS256' }, without('iat'), key),
      'missing exp': signWith({ kid: '1', alg: 'HS256' }, without('exp'), key),
      'uid 0': signWith({ kid: '1', alg: 'HS256' }, { ...admin, uid: 0 }, key),
      'uid as a string': signWith({ kid: '1', alg: 'HS256' }, { ...admin, uid: '1' }, key),
      'user type 1 (integration)': signWith({ kid: '1', alg: 'HS256' }, { ...admin, utypid: 1 }, key),
      'exp equal to now': magentoToken({ ...admin, utypid: 2, exp: iat }),
      'exp in the past': magentoToken({ ...customer, utypid: 3, iat: iat - 7200, exp: iat - 3600 }),
      'a user who does not exist': magentoToken({ uid: 999, utypid: 3, iat }),
      'payload not JSON': signWith({ kid: '1', alg: 'HS256' }, 'not json', key),
      'payload a JSON array': signWith({ kid: '1', alg: 'HS256' }, [1, 3, iat, iat + 60], key),
      'a jti Keyway never issued': signWith(
        { kid: '1', alg: 'HS256' },
        { ...admin, jti: 'AAAAAAAAAAAAAAAAAAAAAA' },
        key,
      ),
      '2,000 characters': `${good.split('.')[0]}.${'A'.repeat(2000 - good.length)}${good.split('.')[1]}.${good.split('.')[2]}`,
      'four parts': `${good}.${good.split('.')[2]}`,
      'empty parts': '..',
      'binary garbage': Buffer.from(Array.from({ length: 300 }, (_v, i) => (i * 37 + 11) % 256)).toString('latin1'),
      'base64url of binary garbage': `${Buffer.from([0xff, 0xfe, 0x00]).toString('base64url')}.${Buffer.from([0x80, 0x81]).toString('base64url')}.AAAA`,
    };
    assert.equal(forged['2,000 characters']!.length, 2000);
  });
  after(() => s.close());

  it("the untouched Magento token and Keyway's own work (so the refusals below are about the change)", async () => {
    const iat = seconds(s.clock.now());
    for (const token of [magentoToken({ uid: 1, utypid: 2, iat }), await s.adminToken()]) {
      assert.equal((await s.call('GET', ROUTES.acl[1], { token })).status, 200);
    }
    assert.equal(
      (await s.call('GET', ROUTES.self[1], { token: magentoToken({ uid: 1, utypid: 3, iat }) })).status,
      200,
    );
  });

  for (const [name, route] of Object.entries(ROUTES)) {
    it(`each answers Magento's 401 on the ${name} route`, async () => {
      for (const [label, token] of Object.entries(forged)) {
        // Binary garbage cannot travel in a header as is; it goes as the raw bytes a client could send.
        const headers = { authorization: `Bearer ${token}` };
        const response = await s.call(route[0], route[1], { headers });
        assert.equal(response.status, 401, `${label}: ${response.status} ${response.text}`);
        assert.deepEqual(response.json, notAuthorized(route[2]), label);
      }
    });
  }

  it('each is a guest on an anonymous route: 200', async () => {
    for (const [label, token] of Object.entries(forged)) {
      const response = await s.call('POST', '/rest/V1/customers/isEmailAvailable', {
        headers: { authorization: `Bearer ${token}` },
        json: { customerEmail: 'someone@example.com' },
      });
      assert.equal(response.status, 200, `${label}: ${response.text}`);
      assert.equal(response.text, 'true');
    }
  });

  it('each is a guest behind the HTTP layer too, where no header limit applies first', async () => {
    for (const [label, token] of Object.entries(forged)) {
      assert.deepEqual(await s.keyway.tokens.authenticate(token), { kind: 'guest' }, label);
      assert.deepEqual(await s.keyway.tokens.introspect(token), { active: false }, label);
    }
  });

  it('none of them reaches the token store or a user lookup (no database read for what fails the signature)', async () => {
    let reads = 0;
    const { tokens, userFacts } = s.keyway.stores;
    const findByDigest = tokens.findByDigest.bind(tokens);
    const factsOf = userFacts.factsOf.bind(userFacts);
    tokens.findByDigest = (digest) => {
      reads++;
      return findByDigest(digest);
    };
    userFacts.factsOf = (type, id) => {
      reads++;
      return factsOf(type, id);
    };
    try {
      const unsigned = Object.entries(forged).filter(
        ([label]) => !/jti Keyway never|does not exist|uid as|exp|uid 0|integration|missing|payload/.test(label),
      );
      for (const [, token] of unsigned)
        await s.call('GET', ROUTES.self[1], { headers: { authorization: `Bearer ${token}` } });
      assert.equal(reads, 0);
    } finally {
      tokens.findByDigest = findByDigest;
      userFacts.factsOf = factsOf;
    }
  });
});
