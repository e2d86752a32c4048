// Secrets as Magento keeps them, turned into secrets under Keyway's key. Magento 2.4 keeps OAuth consumer and
// token secrets as 32 plain characters (some releases encrypt them); two-factor configuration is always
// encrypted with the shop's crypt/key, the Google secret inside it a second time.
import type { SecretBox } from '../crypto/secret-box.ts';
import { isMagentoEncrypted, type MagentoDecrypter } from './magento-crypt.ts';
import type { MagentoTfaConfig } from './magento-source.ts';
import type { ImportedTfa } from './magento-target.ts';

/** Why a secret could not be carried; the caller names the row. */
export class SecretUnreadable extends Error {}

/** Reads a Magento secret in clear: plain as is, encrypted through the shop's key when it was given. */
export function magentoPlain(value: string, magentoKey: MagentoDecrypter | undefined): string {
  if (!isMagentoEncrypted(value)) return value;
  if (!magentoKey) throw new SecretUnreadable('it is encrypted with the shop key: give --magento-crypt-key');
  try {
    return magentoKey.decrypt(value);
  } catch (error) {
    throw new SecretUnreadable((error as Error).message);
  }
}

/** Re-encrypts a Magento secret under Keyway's key. */
export function rekey(value: string, magentoKey: MagentoDecrypter | undefined, secrets: SecretBox): string {
  return secrets.encrypt(magentoPlain(value, magentoKey));
}

/** Provider codes Keyway carries: the Google Authenticator secret. Duo, Authy and U2F keys stay behind. */
const CARRIED = new Set(['google']);

function parseCodes(text: string | null): string[] {
  try {
    const parsed: unknown = JSON.parse(text ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((code): code is string => typeof code === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * One admin's two-factor configuration under Keyway's key, and the providers left behind. Magento reads a
 * configuration that is not encrypted as plain JSON (`UserConfig::decodeConfig`); so does this.
 */
export function convertTfa(
  row: MagentoTfaConfig,
  magentoKey: MagentoDecrypter | undefined,
  secrets: SecretBox,
): { tfa: ImportedTfa; leftBehind: string[] } {
  const encoded = row.encodedConfig ?? '';
  const json = encoded.trim().startsWith('{') ? encoded : magentoPlain(encoded, magentoKey);
  let config: Record<string, { secret?: unknown; active?: unknown } | undefined>;
  try {
    config = JSON.parse(json) as typeof config;
  } catch {
    throw new SecretUnreadable('its configuration is not JSON once decrypted');
  }
  const google = config.google;
  const encrypted = typeof google?.secret === 'string' && google.secret !== '' ? google.secret : null;
  const secret = encrypted === null ? null : magentoPlain(encrypted, magentoKey);
  const leftBehind = Object.keys(config).filter((code) => !CARRIED.has(code));
  return {
    tfa: {
      userId: row.userId,
      providers: parseCodes(row.encodedProviders).filter((code) => CARRIED.has(code)),
      defaultProvider: CARRIED.has(row.defaultProvider ?? '') ? row.defaultProvider! : '',
      google:
        secret === null
          ? null
          : {
              encryptedSecret: secrets.encrypt(secret),
              active: google?.active === true,
              sameAs: (stored) => {
                try {
                  return secrets.decrypt(stored) === secret;
                } catch {
                  return false;
                }
              },
            },
    },
    leftBehind,
  };
}
