// backends: sqlite, postgres
// The whole two-factor flow against a real SMTP server the test starts: the admin-token call mails the
// configuration token, the test reads it from the message, configures, activates with a code computed from the
// secret, authenticates and reads a customer with the admin token.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { generateSync } from 'otplib';
import { SMTPServer } from 'smtp-server';
import { ADMIN } from '../helpers/test-app.ts';
import { MESSAGE_NOT_SENT, URLS, createTfaServer, type TfaServer } from './tfa-helpers.ts';

const messages: string[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, done) {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
    });
    stream.on('end', () => {
      messages.push(text);
      done();
    });
  },
});
let s: TfaServer;

before(async () => {
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  s = await createTfaServer('google', { keyway: { smtpUrl: `smtp://127.0.0.1:${port}` } });
  await s.keyway.settings.set(
    'twofactorauth/general/webapi_notification_url',
    'https://admin.example/2fa/configure?token=:tfat',
  );
  await s.seedCustomer();
});
after(async () => {
  await s.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

it('mails the token, then configures, activates, authenticates and reads a customer', async () => {
  const refused = await s.call('POST', URLS.adminToken, { json: ADMIN });
  assert.equal(refused.status, 400);
  assert.equal(
    refused.text,
    '{"message":"You are required to configure personal Two-Factor Authorization in order to login. Please check your email.","parameters":{"providers":["google"],"active_providers":[]}}',
  );
  assert.equal(messages.length, 1);
  // Quoted-printable: soft line breaks joined, `=XX` escapes decoded.
  const message = messages[0]!
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_all, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  assert.match(message, /^To: webapi_user@example\.com/m);
  assert.match(message, /^From: owner@example\.com/m);
  const link = /https:\/\/admin\.example\/2fa\/configure\?token=([A-Za-z0-9+/=]+)/.exec(message);
  assert.ok(link, message);
  const tfaToken = link[1]!;

  const configured = await s.call('POST', URLS.configure, { json: { tfaToken } });
  assert.equal(configured.status, 200, configured.text);
  const { secret_code: secret } = configured.json as { secret_code: string };
  const epoch = () => Math.floor(s.clock.now() / 1000);

  const activated = await s.call('POST', URLS.activate, {
    json: { tfaToken, otp: generateSync({ secret, epoch: epoch() }) },
  });
  assert.equal(activated.status, 200, activated.text);

  // Now the plain route points to the provider routes, and sends no more mail.
  const redirected = await s.call('POST', URLS.adminToken, { json: ADMIN });
  assert.deepEqual(redirected.json, {
    message: 'Please use the 2fa provider-specific endpoints to obtain a token.',
    parameters: { active_providers: ['google'] },
  });
  assert.equal(messages.length, 1);

  s.clock.advance(30_000);
  const authenticated = await s.call('POST', URLS.authenticate, {
    json: { ...ADMIN, otp: generateSync({ secret, epoch: epoch() }) },
  });
  assert.equal(authenticated.status, 200, authenticated.text);
  const customer = await s.call('GET', '/rest/V1/customers/1', { token: authenticated.json as string });
  assert.equal(customer.status, 200, customer.text);
  assert.equal((customer.json as { email: string }).email, 'customer@example.com');
});

it('a mail server that refuses the message gives Magento\'s "Failed to send the message"', async () => {
  const t = await createTfaServer('google', { keyway: { smtpUrl: 'smtp://127.0.0.1:1' } });
  try {
    const response = await t.call('POST', URLS.adminToken, { json: ADMIN });
    assert.equal(response.status, 400);
    assert.deepEqual(response.json, MESSAGE_NOT_SENT);
    assert.ok(t.log.some((entry) => entry.event === 'tfa_mail_failed'));
  } finally {
    await t.close();
  }
});
