// Shared set-up of the two-factor suites: a server with the fixture admin, Google forced or not, configuration
// tokens, and codes computed with otplib at the server's fixed clock.
import assert from 'node:assert/strict';
import { generateSync } from 'otplib';
import { ADMIN, createTestServer, type TestServer, type TestServerOptions } from '../helpers/test-app.ts';

export const URLS = {
  adminToken: '/rest/V1/integration/admin/token',
  configure: '/rest/V1/tfa/provider/google/configure',
  activate: '/rest/V1/tfa/provider/google/activate',
  authenticate: '/rest/V1/tfa/provider/google/authenticate',
} as const;

export const INVALID_TFAT = { message: 'Invalid two-factor authorization token' };
export const NOT_ALLOWED = { message: 'Provider is not allowed.' };
export const ALREADY_CONFIGURED = { message: 'Provider is already configured.' };
export const NOT_CONFIGURED = { message: 'Provider is not configured.' };
export const INVALID_CODE = { message: 'Invalid code.' };
export const MESSAGE_NOT_SENT = { message: 'Failed to send the message. Please contact the administrator' };

export interface TfaServer extends TestServer {
  adminId: number;
  /** A configuration token for the fixture admin (or another), as the e-mail would carry it. */
  tfat(userId?: number): string;
  /** The Google code of `secret` at the server's clock, shifted by `offsetS` seconds. */
  code(secret: string, offsetS?: number): string;
  /** Configures Google for the fixture admin and answers the secret. */
  configure(): Promise<string>;
  /** Configures and activates Google for the fixture admin; answers the secret. */
  activateGoogle(): Promise<string>;
  authenticate(otp: string, password?: string): Promise<{ status: number; json: unknown; text: string }>;
}

/** A test server with the fixture admin; Google is forced unless `forced` says otherwise. */
export async function createTfaServer(forced = 'google', options: TestServerOptions = {}): Promise<TfaServer> {
  const s = await createTestServer(options);
  const adminId = await s.seedAdmin(ADMIN.username, ADMIN.password);
  await s.keyway.settings.set('twofactorauth/general/force_providers', forced);
  const server: TfaServer = Object.assign(s, {
    adminId,
    tfat: (userId = adminId) => s.keyway.tfa.configTokens.issueFor(userId),
    code: (secret: string, offsetS = 0) => generateSync({ secret, epoch: Math.floor(s.clock.now() / 1000) + offsetS }),
    async configure() {
      const response = await s.call('POST', URLS.configure, { json: { tfaToken: server.tfat() } });
      assert.equal(response.status, 200, response.text);
      return (response.json as { secret_code: string }).secret_code;
    },
    async activateGoogle() {
      const secret = await server.configure();
      const response = await s.call('POST', URLS.activate, {
        json: { tfaToken: server.tfat(), otp: server.code(secret) },
      });
      assert.equal(response.status, 200, response.text);
      // The activation code's step is spent; the next code comes from the next step.
      s.clock.advance(30_000);
      return secret;
    },
    authenticate: (otp: string, password = ADMIN.password) =>
      s.call('POST', URLS.authenticate, { json: { username: ADMIN.username, password, otp } }),
  });
  return server;
}
