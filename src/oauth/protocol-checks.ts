import { type OAuthFailure, fail } from './failure.ts';
import type { OAuthRequest } from './parse-request.ts';
import type { OAuthConsumer, OAuthPorts } from './ports.ts';
import { isAcceptedMethod, type SignatureMethod } from './signature.ts';

/** Magento's `Nonce/Generator::TIME_DEVIATION`; Keyway applies it to the past as well as the future. */
export const TIMESTAMP_WINDOW_SECONDS = 600;
const KEY_LENGTH = 32;
const TOKEN_LENGTH = 32;

/** The required parameters of each step, in Magento's order (which is the order of the aggregated message). */
export const REQUIRED = {
  requestToken: ['oauth_consumer_key', 'oauth_signature', 'oauth_signature_method', 'oauth_nonce', 'oauth_timestamp'],
  accessToken: [
    'oauth_consumer_key',
    'oauth_signature',
    'oauth_signature_method',
    'oauth_nonce',
    'oauth_timestamp',
    'oauth_token',
    'oauth_verifier',
  ],
  signedCall: [
    'oauth_consumer_key',
    'oauth_signature',
    'oauth_signature_method',
    'oauth_nonce',
    'oauth_timestamp',
    'oauth_token',
  ],
} as const;

/** The common checks passed: the consumer (nonce now recorded) and the accepted signature method. */
export interface ProtocolChecked {
  ok: true;
  consumer: OAuthConsumer;
  method: SignatureMethod;
}

/**
 * Magento's `Oauth::_validateProtocolParams` and the consumer and nonce checks every step starts with, in
 * Magento's order: version, required parameters, token length, signature method (400s), then consumer key
 * length, consumer, timestamp and nonce (401s). The nonce is stored here, before the signature is checked, so
 * a request with a bad signature still uses up its nonce, as in Magento.
 */
export async function checkProtocol(
  request: OAuthRequest,
  required: readonly string[],
  ports: OAuthPorts,
): Promise<ProtocolChecked | OAuthFailure> {
  const value = (name: string) => request.values.get(name);
  const version = value('oauth_version');
  if (version !== undefined && version !== '1.0') return fail('oauthVersionUnsupported', [version]);
  const missing = required.filter((name) => value(name) === undefined);
  if (missing.length === 1) return fail('fieldRequired', { fieldName: missing[0] });
  if (missing.length > 1) {
    const errors = missing.map((fieldName) => fail('fieldRequired', { fieldName }));
    return { ok: false, code: 'inputExceptions', errors };
  }
  const token = value('oauth_token');
  // Lengths are PHP strlen, in bytes.
  if (token !== undefined && Buffer.byteLength(token) !== TOKEN_LENGTH) return fail('oauthTokenLength');
  const method = value('oauth_signature_method')!;
  if (!isAcceptedMethod(method, ports.settings.allowSha1)) return fail('oauthSignatureMethodUnsupported', [method]);

  const key = value('oauth_consumer_key')!;
  if (Buffer.byteLength(key) !== KEY_LENGTH) return fail('oauthConsumerKeyLength');
  const consumer = await ports.findConsumerByKey(key);
  if (!consumer) return fail('oauthConsumerNotFound');
  const nonce = value('oauth_nonce')!;
  const timestamp = parseTimestamp(value('oauth_timestamp')!);
  const now = Math.floor(ports.clock.now() / 1000);
  // Magento answers a bad timestamp with the nonce message (it converts the one exception into the other).
  if (timestamp === undefined || Math.abs(timestamp - now) > TIMESTAMP_WINDOW_SECONDS || nonce === '') {
    return fail('oauthNonceInvalid');
  }
  if (!(await ports.recordNonce(consumer.id, nonce, timestamp))) return fail('oauthNonceUsed', [String(consumer.id)]);
  return { ok: true, consumer, method };
}

// Decimal seconds only. Magento's `(int)` cast also reads `12abc` as 12 and `1e9` as 10^9; Keyway refuses
// both (as a bad timestamp), since no client sends them and a lenient cast only widens what a replay may vary.
function parseTimestamp(text: string): number | undefined {
  return /^[0-9]{1,12}$/.test(text) && Number(text) > 0 ? Number(text) : undefined;
}
