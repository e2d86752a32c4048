// The settings Keyway understands, with the values they had in effect in the shop: a core_config_data row at the
// default scope when there is one, Magento's own default (its config.xml) otherwise. Keyway's defaults differ on
// purpose in places (opaque tokens never expire unless a lifetime is set), so Magento's defaults are written
// out rather than left to Keyway's.
import { checkSetting, isSettingPath, type SettingPath } from '../config/setting-definitions.ts';
import type { MagentoConfigRow } from './magento-source.ts';

/** Magento 2.4's defaults for the paths both know; paths Keyway alone has are left as they are. */
export const MAGENTO_DEFAULTS: Partial<Record<SettingPath, string>> = {
  // Integration/etc/config.xml; "customer 1 h, admin 4 h" (magento-webapi-auth.md §2.6).
  'oauth/access_token_lifetime/customer': '1',
  'oauth/access_token_lifetime/admin': '4',
  'oauth/authentication_lock/max_failures_count': '6',
  'oauth/authentication_lock/timeout': '1800',
  'oauth/consumer/enable_integration_as_bearer': '0',
  'oauth/consumer/expiration_period': '300',
  'oauth/consumer/post_timeout': '5',
  'customer/password/minimum_password_length': '8',
  'customer/password/required_character_classes_number': '3',
  'customer/password/lockout_failures': '10',
  'customer/password/lockout_threshold': '10',
  'customer/create_account/default_group': '1',
  'checkout/options/enable_guest_checkout_login': '0',
  'webapi/validation/input_limit_enabled': '1',
  'webapi/validation/default_page_size': '20',
  'webapi/validation/maximum_page_size': '300',
  'general/locale/code': 'en_US',
  'general/locale/timezone': 'America/Los_Angeles',
  'general/locale/weight_unit': 'lbs',
  'currency/options/base': 'USD',
  'currency/options/default': 'USD',
  'webapi/jwtauth/jwt_alg': 'HS256',
  'webapi/jwtauth/customer_expiration': '60',
  'webapi/jwtauth/admin_expiration': '60',
  'twofactorauth/general/force_providers': '',
  'twofactorauth/general/webapi_notification_url': '',
  'trans_email/ident_general/email': 'owner@example.com',
};

export interface EffectiveSettings {
  values: Map<SettingPath, string>;
  /** Rows left out, each with why (their values are settings, never secrets). */
  notices: string[];
  /** Reasons the import must not go ahead. */
  refusals: string[];
}

/** Magento's two-factor provider codes; Keyway provides Google Authenticator only. */
const KEYWAY_PROVIDERS = new Set(['google']);

/** The effective values of the paths Keyway understands. */
export function effectiveSettings(rows: readonly MagentoConfigRow[]): EffectiveSettings {
  const values = new Map<SettingPath, string>(Object.entries(MAGENTO_DEFAULTS) as [SettingPath, string][]);
  const notices: string[] = [];
  const refusals: string[] = [];
  let scoped = 0;
  for (const row of rows) {
    if (!isSettingPath(row.path)) continue;
    if (row.scope !== 'default' || row.scopeId !== 0) {
      scoped += 1;
      continue;
    }
    let value = (row.value ?? '').trim();
    if (row.path === 'twofactorauth/general/force_providers') {
      const codes = value.split(/\s*,\s*/).filter(Boolean);
      const kept = codes.filter((code) => KEYWAY_PROVIDERS.has(code));
      if (codes.length > 0 && kept.length === 0) {
        // Dropping them would let admins in with a password alone, where the shop asked for a second factor.
        refusals.push(
          `core_config_data ${row.path} forces ${codes.join(', ')}; Keyway provides only google: set it to google in Magento first`,
        );
        continue;
      }
      if (kept.length < codes.length)
        notices.push(`${row.path}: only google carries over (${codes.join(', ')} in Magento)`);
      value = kept.join(',');
    }
    const problem = checkSetting(row.path, value);
    if (problem) {
      notices.push(`core_config_data ${problem}; Magento's default is kept`);
      continue;
    }
    values.set(row.path, value);
  }
  if (scoped > 0) {
    notices.push(
      `${scoped} core_config_data row(s) at website or store scope not carried: Keyway's settings are global`,
    );
  }
  return { values, notices, refusals };
}
