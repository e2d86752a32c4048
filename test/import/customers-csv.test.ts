// backends: sqlite, postgres
// `keyway import:customers` on files in the exact layouts of Magento's exports (reference B.1): both header
// variants, quoted and unquoted fields, a street over two lines, a guarded telephone, spreadsheet dates. The
// imported customers sign in with the passwords behind Magento's real hash vectors (reference B.3), their hashes
// are upgraded, a second run changes nothing, and bad rows are named by line without ever showing a hash.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readJsonList } from '../../src/accounts/customer-data.ts';
import { createArgon2idHasher } from '../../src/auth/password-hasher.ts';
import { createTestServer, type TestServer } from '../helpers/test-app.ts';
import { runCli, tempWorkspace } from '../network/server-process.ts';

// Reference B.3: two argon2id hashes from public Magento fixtures and a version-1 example, verbatim.
const V3_A = {
  email: 'argon.a@example.com',
  password: 'Password@2022',
  stored:
    'abf1de8d537a1270237b9b56c8db9c67aeece6d89639a64d5ffd7264262541ab:PNK7gwTSnTc9L8AXZEvgZQ4SA66qirus:3_32_2_67108864',
};
const V3_B = {
  email: 'argon.b@example.com',
  password: 'Password@',
  stored:
    'ab5ebf8d273b085b6a60336198e0a5a2090fdc3e0606a678315c7274ab06e046:5PiKJRn28bBKoFMopMaaKuV47aJ6GzVg:3_32_2_67108864',
};
const V1 = {
  email: 'sha.one@example.com',
  password: 'password123',
  stored: '7162650941c0ba65f8894ebeb06ea7e7066fe5d165c15818f4b410f32ae566b0:mgLqkqgTwLPLlCljzvF8hp67fNOOvOZb:1',
};
// The reference has no version-0 vector: one made with its formula, md5(salt . password), as the Data
// Migration Tool leaves Magento 1 hashes (`hash:salt:0`).
const V0_SALT = 'm1salt';
const V0 = {
  email: 'md5.zero@example.com',
  password: 'Magento1#pass',
  stored: `${createHash('md5').update(`${V0_SALT}Magento1#pass`).digest('hex')}:${V0_SALT}:0`,
};
const UNREADABLE = 'deadbeefdeadbeef:unreadablesalt:9';
const VECTORS = [V3_A, V3_B, V1, V0];
// The key createTestServer sets the database up with; the CLI must start with the same one.
const KEY_ENV = { CRYPT_KEY: '0123456789abcdef0123456789abcdef' };

// The 2.4 header (Adobe KB sample), unquoted fields as fputcsv writes them, one spreadsheet-saved row.
const MAIN_24 = [
  'email,_website,_store,confirmation,created_at,created_in,disable_auto_group_change,dob,firstname,gender,group_id,lastname,middlename,password_hash,prefix,rp_token,rp_token_created_at,store_id,suffix,taxvat,updated_at,website_id,password',
  `${V3_A.email},base,default,,2024-09-01 12:49:00,Default Store View,0,1980-02-29,Anna,Female,1,Argon,,${V3_A.stored},,,,1,,DE123,2024-09-02 08:00:00,1,`,
  `${V3_B.email},base,default,,09/01/24 12:49,Default Store View,0,12/31/85,Bert,Male,1,Argon,,${V3_B.stored},,,,1,,,09/02/24 08:00,1,`,
  `${V1.email},base,admin,,2019-03-04 05:06:07,Admin,1,,Sha,Not Specified,2,One,"van der",${V1.stored},Dr.,,,0,,,2019-03-04 05:06:07,1,`,
  `${V0.email},base,,,2015-01-01 00:00:00,"Default Store View",0,,Em,,1," -Dee",,${V0.stored},,,,1,,,2015-01-01 00:00:00,1,`,
  'nohash@example.com,base,default,,2024-01-01 00:00:00,Default Store View,0,,No,,1,Hash,,,,,,1,,,2024-01-01 00:00:00,1,',
  `elsewhere@example.com,nowhere,default,,2024-01-01 00:00:00,Default Store View,0,,Else,,1,Where,,${V1.stored},,,,1,,,2024-01-01 00:00:00,1,`,
  'not-an-email,base,default,,2024-01-01 00:00:00,Default Store View,0,,Bad,,1,Mail,,,,,,1,,,2024-01-01 00:00:00,1,',
  `unreadable@example.com,base,default,,2024-01-01 00:00:00,Default Store View,0,,Un,,1,Readable,,${UNREADABLE},,,,1,,,2024-01-01 00:00:00,1,`,
  'nogroup@example.com,base,default,,2024-01-01 00:00:00,Default Store View,0,,No,,9,Group,,,,,,1,,,2024-01-01 00:00:00,1,',
].join('\n');

// The 2.3.3 fixture's header (no updated_at), every field quoted as some Magento fixtures do.
const MAIN_233 = [
  '"email","_website","_store","confirmation","created_at","created_in","disable_auto_group_change","dob","firstname","gender","group_id","lastname","middlename","password_hash","prefix","rp_token","rp_token_created_at","store_id","suffix","taxvat","website_id","password"',
  '"quoted@example.com","base","default","","2020-06-07 08:09:10","Default Store View","0","1990-07-08","Quo","Female","1","Ted","","","","","","1","","","1",""',
].join('\n');

const ADDRESSES = [
  '"_website","_email","_entity_id","city","company","country_id","fax","firstname","lastname","middlename","postcode","prefix","region","region_id","street","suffix","telephone","vat_id","vat_is_valid","vat_request_date","vat_request_id","vat_request_success","_address_default_billing_","_address_default_shipping_"',
  `"base","${V3_A.email}","11","Berlin","","DE","","Anna","Argon","","10115","","Berlin","82","Unter den Linden 1\nHinterhaus",""," +49 30 1234567","","","","","","1","1"`,
  `base,${V1.email},12,Austin,,US,,Sha,One,,78701,,Texas,57,1 Main St,, +1 512 555 0100,,,,,,,1`,
  'base,ghost@example.com,13,Austin,,US,,Gho,St,,78701,,Texas,57,2 Main St,,,,,,,,,',
].join('\n');

describe('import:customers from Magento CSV exports', () => {
  let s: TestServer;
  const work = tempWorkspace('keyway-import-');
  const file = (name: string, text: string) => {
    const path = join(work.dir, name);
    writeFileSync(path, `${text}\n`);
    return path;
  };
  const main24 = file('customer_main.csv', MAIN_24);
  const main233 = file('customer_main_233.csv', MAIN_233);
  const addresses = file('customer_address.csv', ADDRESSES);
  const report = join(work.dir, 'report.csv');
  const importBoth = () =>
    runCli(s.database.url, ['import:customers', main24, '--addresses', addresses, '--report', report], KEY_ENV);
  const customer = (email: string) => s.keyway.stores.customers.findByEmail(1, email);

  before(async () => {
    // The real hasher: the upgrade after sign-in must write the production format.
    s = await createTestServer({ hasher: createArgon2idHasher() });
  });
  after(async () => {
    await s.close();
    work.remove();
  });

  it('imports the good rows, and names each bad row by line without showing a hash', async () => {
    const result = await importBoth();
    assert.equal(result.code, 2, `rows were left out, so exit 2; stderr: ${result.stderr}`);
    assert.deepEqual(result.stdout.trimEnd().split('\n').slice(0, 3), [
      '           imported  updated  unchanged  skipped',
      'customers         5        0          0        4',
      'addresses         2        0          0        1',
    ]);
    assert.deepEqual(readFileSync(report, 'utf8').trimEnd().split('\n'), [
      'file,line,reason',
      'customer_main.csv,7,"unknown website code ""nowhere"""',
      'customer_main.csv,8,not a valid e-mail address',
      'customer_main.csv,9,password_hash is not a Magento hash Keyway can read',
      'customer_main.csv,10,no customer group 9 in Keyway',
      // The address rows before it span three lines: the street holds a line break.
      'customer_address.csv,5,no customer with this e-mail on this website in Keyway',
    ]);
    const everything = result.stdout + result.stderr + readFileSync(report, 'utf8');
    for (const hash of [...VECTORS.map((v) => v.stored), UNREADABLE]) {
      assert.ok(!everything.includes(hash.split(':')[0]), 'no hash (nor its digest) in the output or the report');
    }
    assert.equal(await customer('elsewhere@example.com'), undefined);
    assert.equal(await customer('unreadable@example.com'), undefined);
  });

  it('carries every column over as Magento wrote it', async () => {
    const anna = (await customer(V3_A.email))!;
    assert.equal(anna.dob, '1980-02-29');
    assert.equal(anna.gender, 2);
    assert.equal(anna.taxvat, 'DE123');
    assert.equal(anna.created_at, '2024-09-01 12:49:00');
    assert.equal(anna.updated_at, '2024-09-02 08:00:00');
    assert.equal(anna.password_hash, V3_A.stored);
    const bert = (await customer(V3_B.email))!;
    assert.equal(bert.created_at, '2024-09-01 12:49:00', 'a spreadsheet date and time');
    assert.equal(bert.dob, '1985-12-31', 'a spreadsheet date');
    assert.equal(bert.gender, 1);
    const sha = (await customer(V1.email))!;
    assert.deepEqual(
      [sha.store_id, sha.group_id, sha.gender, sha.middlename, sha.prefix, sha.disable_auto_group_change],
      [0, 2, 3, 'van der', 'Dr.', 1],
    );
    assert.equal((await customer(V0.email))!.lastname, '-Dee', "the injection guard's space is gone");
    assert.equal((await customer(V0.email))!.store_id, 1, "no store code: the website's default view");
    assert.equal((await customer('nohash@example.com'))!.password_hash, null);

    const [address] = readJsonList<Record<string, unknown>>(anna.addresses);
    assert.deepEqual(address, {
      id: 11,
      customer_id: anna.entity_id,
      region: { region: 'Berlin', region_id: 82 },
      region_id: 82,
      country_id: 'DE',
      street: ['Unter den Linden 1', 'Hinterhaus'],
      telephone: '+49 30 1234567',
      postcode: '10115',
      city: 'Berlin',
      firstname: 'Anna',
      lastname: 'Argon',
      default_billing: true,
      default_shipping: true,
    });
    assert.equal(anna.default_billing, '11');
    const [shaAddress] = readJsonList<Record<string, unknown>>(sha.addresses);
    assert.equal(shaAddress.telephone, '+1 512 555 0100', 'the guarded telephone reads back');
    assert.deepEqual([sha.default_billing, sha.default_shipping], [null, '12']);
  });

  it('each imported hash signs in over HTTP with its password and is upgraded', async () => {
    for (const vector of VECTORS) {
      const refused = await s.call('POST', '/rest/V1/integration/customer/token', {
        json: { username: vector.email, password: 'Password@2023' },
      });
      assert.equal(refused.status, 401, vector.email);
      const token = await s.customerToken(vector.email, vector.password);
      assert.equal((await s.call('GET', '/rest/V1/customers/me', { token })).status, 200);
      assert.match((await customer(vector.email))!.password_hash!, /^\$argon2id\$v=19\$/, vector.email);
    }
    const noHash = await s.call('POST', '/rest/V1/integration/customer/token', {
      json: { username: 'nohash@example.com', password: 'anything1' },
    });
    assert.equal(noHash.status, 401, 'a customer without a hash cannot sign in');
  });

  it('a second run changes nothing, and keeps the upgraded hashes', async () => {
    const snapshot = () => s.keyway.stores.driver.all('SELECT * FROM customer_entity ORDER BY entity_id');
    const before = await snapshot();
    const result = await importBoth();
    assert.deepEqual(result.stdout.trimEnd().split('\n').slice(0, 3), [
      '           imported  updated  unchanged  skipped',
      'customers         0        0          5        4',
      'addresses         0        0          2        1',
    ]);
    assert.deepEqual(await snapshot(), before);
  });

  it('reads the 2.3 header (no updated_at) with every field quoted; a dry run writes nothing', async () => {
    const dry = await runCli(s.database.url, ['import:customers', main233, '--dry-run'], KEY_ENV);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^customers\s+1\s+0\s+0\s+0$/m);
    assert.match(dry.stdout, /Dry run: nothing was written/);
    assert.equal(await customer('quoted@example.com'), undefined);
    const real = await runCli(s.database.url, ['import:customers', main233], KEY_ENV);
    assert.equal(real.code, 0, real.stderr);
    const quoted = (await customer('quoted@example.com'))!;
    assert.deepEqual(
      [quoted.created_at, quoted.updated_at, quoted.dob],
      ['2020-06-07 08:09:10', '2020-06-07 08:09:10', '1990-07-08'],
    );
  });

  it('stops at a quote that is never closed, naming the file, without reading the rest into memory', async () => {
    const header = MAIN_24.split('\n')[0];
    const broken = file('broken.csv', `${header}\nopen@example.com,base,"never closed\n${'x,'.repeat(600_000)}`);
    const result = await runCli(s.database.url, ['import:customers', broken], KEY_ENV);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(result.stderr.trimEnd().split('\n').at(-1)!, /^keyway: .*broken\.csv: Max Record Size: /);
    assert.equal(await customer('open@example.com'), undefined);
  });

  it('refuses a file that is not a customer export, in one line', async () => {
    const result = await runCli(s.database.url, ['import:customers', addresses], KEY_ENV);
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.match(
      result.stderr.trimEnd().split('\n').at(-1)!,
      /^keyway: .*customer_address\.csv: no email column in the header$/,
    );
  });
});
