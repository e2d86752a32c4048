// backends: sqlite, postgres
// What the configure route's QR code holds, and where secrets do not go: no TOTP secret, code or configuration
// token in the database files in clear, nor in the log at trace level.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { it } from 'node:test';
import jsqrModule from 'jsqr';
import { PNG } from 'pngjs';
import { TEST_BACKEND } from '../helpers/databases.ts';
import { captureLog } from '../helpers/log-capture.ts';
import { ADMIN } from '../helpers/test-app.ts';
import { URLS, createTfaServer } from './tfa-helpers.ts';

// jsqr is CommonJS typed as an ES module's default export: at run time the default import may be the function.
type Decode = typeof jsqrModule.default;
const jsQR: Decode =
  typeof jsqrModule === 'function' ? (jsqrModule as unknown as Decode) : (jsqrModule as { default: Decode }).default;

it('the QR code decodes to the otpauth:// URI carrying the secret', async () => {
  const s = await createTfaServer();
  try {
    await s.keyway.settings.set('web/unsecure/base_url', 'https://shop.example/');
    const response = await s.call('POST', URLS.configure, { json: { tfaToken: s.tfat() } });
    const { qr_code_base64, secret_code } = response.json as { qr_code_base64: string; secret_code: string };
    const png = PNG.sync.read(Buffer.from(qr_code_base64, 'base64'));
    assert.equal(png.width, 400);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    assert.ok(decoded, 'the image holds a QR code');
    assert.equal(
      decoded.data,
      `otpauth://totp/shop.example:webapi_user%40example.com?secret=${secret_code}&issuer=shop.example`,
    );
  } finally {
    await s.close();
  }
});

it('no secret, code or configuration token is in the database files or the trace log', {
  skip: TEST_BACKEND !== 'sqlite' && 'reads SQLite files',
}, async () => {
  const log = captureLog('trace');
  const s = await createTfaServer('google', { http: { logger: log.logger }, keyway: { logger: log.logger } });
  const tfat = s.tfat();
  const configured = await s.call('POST', URLS.configure, { json: { tfaToken: tfat } });
  const secret = (configured.json as { secret_code: string }).secret_code;
  const codes = [s.code(secret)];
  assert.equal((await s.call('POST', URLS.activate, { json: { tfaToken: tfat, otp: codes[0] } })).status, 200);
  const listed = await s.call('GET', `/rest/V1/tfa/tfat-user-providers?tfaToken=${encodeURIComponent(tfat)}`);
  assert.equal(listed.status, 200, listed.text);
  s.clock.advance(30_000);
  codes.push(s.code(secret));
  assert.equal((await s.authenticate(codes[1]!)).status, 200);
  codes.push('012345');
  assert.equal((await s.authenticate('012345')).status, 401);
  const file = s.database.file!;
  await s.app.close();
  await s.keyway.close();
  try {
    const bytes = readdirSync(dirname(file))
      .map((name) => readFileSync(join(dirname(file), name)).toString('latin1'))
      .join('\n');
    const logText = log.text();
    const forms = (value: string) => [value, encodeURIComponent(value), Buffer.from(value).toString('base64')];
    for (const value of [secret, tfat, Buffer.from(tfat, 'base64').toString('utf8')]) {
      for (const form of forms(value)) {
        assert.equal(bytes.includes(form), false, 'a secret or token is in the database in clear');
        assert.equal(logText.includes(form), false, 'a secret or token is in the log');
      }
    }
    // As a value, quoted or in a query: a bare six-digit run could be part of a timing figure.
    for (const code of codes) {
      assert.equal(logText.includes(`"${code}"`) || logText.includes(`=${code}`), false, 'a code is in the log');
    }
    assert.equal(logText.includes(ADMIN.password), false);
    // The searches would have found what is there.
    assert.ok(bytes.includes('kw1:'), 'the encrypted secret is stored');
    assert.ok(logText.includes('tfa_activated'));
  } finally {
    await s.database.drop();
  }
});
