import type { Settings } from '../config/settings.ts';

/** A two-factor provider as Magento's `ProviderInterface` getters serialize it over the Web API. */
export interface ProviderData {
  code: string;
  name: string;
  icon: string;
  enabled: boolean;
  reset_allowed: boolean;
  configure_action: string;
  auth_action: string;
  extra_actions: Record<string, string>;
}

export const GOOGLE = 'google';

/** Google Authenticator, with the values Magento's `etc/di.xml` gives it; the only provider Keyway provides. */
export const GOOGLE_PROVIDER: ProviderData = Object.freeze({
  code: GOOGLE,
  name: 'Google Authenticator',
  icon: 'Magento_TwoFactorAuth::images/providers/google.png',
  enabled: true,
  reset_allowed: true,
  configure_action: 'tfa/google/configure',
  auth_action: 'tfa/google/auth',
  extra_actions: { qr: 'tfa/google/qr', configurepost: 'tfa/google/configurepost', authpost: 'tfa/google/authpost' },
});

/** Every provider installed, by code. */
export const INSTALLED_PROVIDERS: readonly ProviderData[] = [GOOGLE_PROVIDER];

/** The provider with this code, if installed. */
export function providerByCode(code: string): ProviderData | undefined {
  return INSTALLED_PROVIDERS.find((provider) => provider.code === code);
}

/** `twofactorauth/general/force_providers` as a list, split as Magento splits it; empty turns two-factor off. */
export function forcedProviders(settings: Settings): ProviderData[] {
  return settings
    .get('twofactorauth/general/force_providers')
    .split(/\s*,\s*/)
    .map((code) => providerByCode(code.trim()))
    .filter((provider): provider is ProviderData => provider !== undefined);
}
