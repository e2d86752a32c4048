import type { Settings } from '../config/settings.ts';
import type { OAuthSettings } from '../oauth/ports.ts';

/** The OAuth checks' settings, read live from Keyway's settings so a `config:set` applies on every node. */
export function oauthSettingsOf(settings: Settings): OAuthSettings {
  return {
    get consumerExpirationSeconds() {
      return settings.int('oauth/consumer/expiration_period');
    },
    get allowSha1() {
      return settings.flag('oauth/signature/allow_sha1');
    },
  };
}
