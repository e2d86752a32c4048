import type { AdminRow, AdminStore } from '../accounts/admin-store.ts';
import type { SecondFactor } from '../auth/login-service.ts';
import type { Clock } from '../clock.ts';
import type { Settings } from '../config/settings.ts';
import type { KeyList, SecretBox } from '../crypto/index.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { ConfigTokens } from './config-token.ts';
import { sendConfigRequest } from './config-mail.ts';
import type { Mailer } from './mailer.ts';
import { forcedProviders, GOOGLE, providerByCode, type ProviderData } from './providers.ts';
import type { TfaStore } from './tfa-store.ts';
import { Totp } from './totp.ts';

export interface TfaDeps {
  tfa: TfaStore;
  admins: AdminStore;
  settings: Settings;
  keys: KeyList;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  /** Sends configuration e-mail; none when SMTP_URL is not set. */
  mailer?: Mailer;
}

/** A configuration token's admin with the provider's state, once Magento's checks passed. */
export interface TfatHolder {
  admin: AdminRow;
  secret: string | undefined;
}

/**
 * Magento_TwoFactorAuth's shared rules: which providers an admin must use and has active, the admin-token
 * route's refusal, configuration tokens, and the code check (with Keyway's replay refusal).
 */
export class TfaService {
  readonly configTokens: ConfigTokens;
  readonly totp: Totp;

  constructor(readonly deps: TfaDeps) {
    this.configTokens = new ConfigTokens(deps.keys, deps.clock);
    this.totp = new Totp(deps.clock);
  }

  /** The providers every admin must use; empty when two-factor authentication is off. */
  forced(): ProviderData[] {
    return forcedProviders(this.deps.settings);
  }

  /** The forced providers the admin has activated. */
  async active(userId: number): Promise<ProviderData[]> {
    const active: ProviderData[] = [];
    for (const provider of this.forced()) {
      if ((await this.deps.tfa.find(userId, provider.code))?.active) active.push(provider);
    }
    return active;
  }

  /** The forced providers the admin has yet to activate. */
  async toActivate(userId: number): Promise<ProviderData[]> {
    const active = new Set((await this.active(userId)).map((provider) => provider.code));
    return this.forced().filter((provider) => !active.has(provider.code));
  }

  /**
   * The admin-token route's check after a right password, when providers are forced (Magento's
   * `AdminAccessTokenService`): it never lets a token out; it says which routes to use, or mails a configuration
   * token. Undefined when two-factor authentication is off, so the route answers a token as before.
   */
  adminTokenGate(): SecondFactor | undefined {
    const forced = this.forced();
    if (forced.length === 0) return undefined;
    return async (userId) => {
      const active = (await this.active(userId)).map((provider) => provider.code);
      if (active.length === forced.length) throw new AppError('tfaUseProviderRoutes', { active_providers: active });
      const admin = await this.deps.admins.findById(userId);
      if (!admin || !(await sendConfigRequest(this.deps, admin, this.configTokens.issueFor(userId)))) {
        throw new AppError('tfaMessageNotSent');
      }
      throw new AppError('tfaConfigurationRequired', {
        providers: forced.map((provider) => provider.code),
        active_providers: active,
      });
    };
  }

  /**
   * Magento's `authenticateWithTokenAndProvider` for the configure and activate routes, in its order: a token
   * that names no admin (401), a provider not forced (400), one already active (400), then the signature and
   * age (401). A token for an admin since deleted or disabled is invalid too.
   */
  async holderOf(tfat: string, provider: string): Promise<TfatHolder> {
    const userId = this.configTokens.claimedUserId(tfat);
    if (userId === undefined) throw new AppError('tfaInvalidTfat');
    if (!this.forced().some((forced) => forced.code === provider)) throw new AppError('tfaProviderNotAllowed');
    const config = await this.deps.tfa.find(userId, provider);
    if (config?.active) throw new AppError('tfaProviderAlreadyConfigured');
    const admin = this.configTokens.isValidFor(userId, tfat) ? await this.deps.admins.findById(userId) : undefined;
    if (admin?.is_active !== 1) throw new AppError('tfaInvalidTfat');
    return { admin, secret: config && this.deps.secrets.decrypt(config.secret) };
  }

  /**
   * The admin a configuration token names, for Magento's `TfatActions` routes: any flaw is `Invalid token.`, and
   * so is a token for an admin since deleted or disabled.
   */
  async tfatUserId(tfat: string): Promise<number> {
    const userId = this.configTokens.claimedUserId(tfat);
    const valid = userId !== undefined && this.configTokens.isValidFor(userId, tfat);
    const admin = valid ? await this.deps.admins.findById(userId) : undefined;
    if (admin?.is_active !== 1) throw new AppError('tfaInvalidToken');
    return admin.user_id;
  }

  /**
   * Whether `code` is the admin's current Google code within `twofactorauth/google/leeway`. Unless reuse is
   * allowed (not in Magento), the code's time step is claimed atomically: a code accepted once is refused for
   * the rest of its window, on every node.
   */
  async codeMatches(userId: number, secret: string, code: string): Promise<boolean> {
    const { settings, logger, tfa } = this.deps;
    const step = this.totp.matchingStep(secret, code, settings.int('twofactorauth/google/leeway'));
    if (step === undefined) {
      logger.warn({ event: 'tfa_invalid_code', userId }, 'two-factor code refused');
      return false;
    }
    if (settings.flag('twofactorauth/keyway/refuse_reused_codes') && !(await tfa.claimTimeStep(userId, GOOGLE, step))) {
      logger.warn({ event: 'tfa_code_reused', userId }, 'two-factor code refused: already used');
      return false;
    }
    return true;
  }

  /** Whether wrong codes count as failed sign-ins (not in Magento; on by default). */
  countsCodeFailures(): boolean {
    return this.deps.settings.flag('twofactorauth/keyway/count_code_failures');
  }

  /** The admin's default provider code, `""` when none is set. */
  defaultProvider(userId: number): Promise<string> {
    return this.deps.tfa.defaultProvider(userId);
  }

  /** Sets the admin's default provider, which must be one the admin uses (Magento's `setDefaultProviderCode`). */
  async setDefaultProvider(userId: number, code: string): Promise<boolean> {
    await this.existingAdmin(userId);
    if (!this.forced().some((provider) => provider.code === code)) throw new AppError('tfaUnknownProvider', [code]);
    await this.deps.tfa.setDefaultProvider(userId, code);
    return true;
  }

  /** Records the admin's provider codes, comma-separated (Magento's `setProvidersCodes`); each must be installed. */
  async setProviders(userId: number, codes: string): Promise<boolean> {
    await this.existingAdmin(userId);
    const list = codes.split(/\s*,\s*/).filter((code) => code.trim() !== '');
    const unknown = list.find((code) => providerByCode(code) === undefined);
    if (unknown !== undefined) throw new AppError('tfaUnknownProvider', [unknown]);
    await this.deps.tfa.setProviders(userId, [...new Set(list)]);
    return true;
  }

  private async existingAdmin(userId: number): Promise<AdminRow> {
    const admin = await this.deps.admins.findById(userId);
    if (!admin) throw new AppError('noSuchEntity', { fieldName: 'userId', fieldValue: userId });
    return admin;
  }
}
