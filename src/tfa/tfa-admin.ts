import { GOOGLE, INSTALLED_PROVIDERS, providerByCode } from './providers.ts';
import type { TfaService } from './tfa-service.ts';

/** A refused two-factor command; its message is meant for the person at the command line. */
export class TfaCommandError extends Error {}

/** The two-factor operations of the command line (Magento's `security:tfa:*`, plus a token for shops without mail). */
export class TfaAdmin {
  constructor(private readonly tfa: TfaService) {}

  /** Magento's `security:tfa:providers` lines: `sprintf("%16s: %s", code, name)`. */
  providerLines(): string[] {
    return INSTALLED_PROVIDERS.map((provider) => `${provider.code.padStart(16)}: ${provider.name}`);
  }

  /** Forgets an admin's configuration of a provider; answers Magento's confirmation. */
  async reset(username: string, code: string): Promise<string> {
    const admin = await this.admin(username);
    const provider = providerByCode(code);
    if (!provider) throw new TfaCommandError(`Unknown provider ${code}`);
    await this.tfa.deps.tfa.reset(admin.user_id, provider.code);
    return `Provider ${provider.name} has been reset for user ${admin.username}`;
  }

  /** Sets and activates an admin's Google secret, so the admin can sign in with it at once. */
  async setGoogleSecret(username: string, secret: string): Promise<string> {
    const admin = await this.admin(username);
    const normalized = secret.replace(/=+$/, '').toUpperCase();
    if (!this.tfa.totp.isUsableSecret(normalized)) {
      throw new TfaCommandError('The secret must be base32 (A-Z, 2-7) of 16 to 64 bytes (26 to 103 characters)');
    }
    await this.tfa.deps.tfa.replaceSecret(admin.user_id, GOOGLE, this.tfa.deps.secrets.encrypt(normalized));
    return 'Google OTP secret has been set';
  }

  /** A configuration token for an admin, valid one hour (not in Magento: for shops that send no mail). */
  async configToken(username: string): Promise<string> {
    const admin = await this.admin(username);
    return this.tfa.configTokens.issueFor(admin.user_id);
  }

  private async admin(username: string) {
    const admin = await this.tfa.deps.admins.findByUsername(username);
    if (!admin) throw new TfaCommandError(`Unknown user ${username}`);
    return admin;
  }
}
