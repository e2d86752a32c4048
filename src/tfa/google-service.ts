import type { LoginService } from '../auth/login-service.ts';
import type { RawToken } from '../auth/token.ts';
import type { RequestMeta } from '../auth/token-service.ts';
import { AppError } from '../errors.ts';
import { GOOGLE } from './providers.ts';
import type { TfaService } from './tfa-service.ts';

/** What the configure route answers: the QR code of the provisioning URI, and the secret for typing in. */
export interface GoogleConfiguration {
  qr_code_base64: string;
  secret_code: string;
}

/** Google Authenticator's REST flows (Magento's `Google\Configure` and `Google\Authenticate`). */
export class GoogleService {
  constructor(
    private readonly tfa: TfaService,
    private readonly login: LoginService,
  ) {}

  /** Answers the admin's secret, generated and stored (encrypted) on first read, with its QR code. */
  async configure(tfat: string): Promise<GoogleConfiguration> {
    const { admin, secret: stored } = await this.tfa.holderOf(tfat, GOOGLE);
    const { tfa: store, secrets, settings } = this.tfa.deps;
    let secret = stored;
    if (secret === undefined) {
      // Two first reads racing store one secret; both answer the one stored.
      const row = await store.claimSecret(admin.user_id, GOOGLE, secrets.encrypt(this.tfa.totp.newSecret()));
      secret = secrets.decrypt(row.secret);
    }
    // Magento's issuer: the host of the store's base URL; its label: the admin's e-mail.
    const issuer = new URL(settings.get('web/unsecure/base_url')).hostname;
    const uri = this.tfa.totp.provisioningUri(secret, issuer, admin.email);
    return { qr_code_base64: await this.tfa.totp.qrCodeBase64(uri), secret_code: secret };
  }

  /** Activates Google Authenticator with a first right code; a wrong one is `Invalid code.` (and counted). */
  async activate(tfat: string, otp: string, meta: RequestMeta): Promise<void> {
    const { admin, secret } = await this.tfa.holderOf(tfat, GOOGLE);
    // Without a secret (configure never called) no code can be right; Magento generates one here and fails too.
    const check = async () => secret !== undefined && (await this.tfa.codeMatches(admin.user_id, secret, otp));
    if (this.tfa.countsCodeFailures()) {
      await this.login.checkAdminSecondFactor(admin.username, meta, check);
    } else if (!(await check())) {
      throw new AppError('tfaInvalidCode');
    }
    await this.tfa.deps.tfa.activate(admin.user_id, GOOGLE);
    this.tfa.deps.logger.info(
      { event: 'tfa_activated', userId: admin.user_id },
      'New Google Authenticator code issued',
    );
  }

  /**
   * Trades username, password and code for an admin token, in Magento's order: the credentials (with the
   * sign-in limits), the provider forced, the provider active, the code. The code is checked while the sign-in
   * still holds its place, so a wrong code is a failed sign-in and a right password alone clears nothing.
   */
  authenticate(username: string, password: string, otp: string, meta: RequestMeta): Promise<RawToken> {
    return this.login.loginAdmin(username, password, meta, async (userId) => {
      if (!this.tfa.forced().some((provider) => provider.code === GOOGLE)) throw new AppError('tfaProviderNotAllowed');
      const config = await this.tfa.deps.tfa.find(userId, GOOGLE);
      if (!config?.active) throw new AppError('tfaProviderNotConfigured');
      const secret = this.tfa.deps.secrets.decrypt(config.secret);
      if (await this.tfa.codeMatches(userId, secret, otp)) return 'passed';
      if (!this.tfa.countsCodeFailures()) throw new AppError('tfaInvalidCode');
      return 'failed';
    });
  }
}
