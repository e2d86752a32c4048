import { timingSafeEqual, createHash } from 'node:crypto';
import { lookupDigest } from '../crypto/lookup-digest.ts';
import { type OAuthFailure, fail } from './failure.ts';
import { NO_PARAMETERS, type OAuthRequest } from './parse-request.ts';
import type { OAuthConsumer, OAuthPorts, OAuthToken } from './ports.ts';
import { checkProtocol, REQUIRED } from './protocol-checks.ts';
import { verifySignature } from './signature.ts';

const VERIFIER_LENGTH = 32;

export interface AccessTokenGranted {
  ok: true;
  consumer: OAuthConsumer;
  /**
   * The request-token row the caller converts into the access token (new token and secret, type `access`;
   * if it is no longer a request token by then: `oauthNotRequestToken`) before setting the integration Active.
   */
  token: OAuthToken;
}

/**
 * The checks of `/oauth/token/access` (Magento's `Oauth::getAccessToken`, reference §6.3), in order: the
 * protocol checks, the request token (exists, this consumer's, still a request token), the verifier, then the
 * signature under the consumer secret and the request-token secret. There is no exchange-window check here.
 */
export async function checkAccessToken(
  received: OAuthRequest | undefined,
  ports: OAuthPorts,
): Promise<AccessTokenGranted | OAuthFailure> {
  // A request that is not OAuth at all has no parameters: the required check then lists every name.
  const request = received ?? NO_PARAMETERS;
  const checked = await checkProtocol(request, REQUIRED.accessToken, ports);
  if (!checked.ok) return checked;
  const { consumer, method } = checked;
  const digest = lookupDigest(request.values.get('oauth_token')!);
  const token = digest === undefined ? undefined : await ports.findTokenByDigest(digest);
  if (!token) return fail('oauthTokenNotFound');
  if (token.consumerId !== consumer.id) return fail('oauthRequestTokenConsumerMismatch');
  if (token.type !== 'request') return fail('oauthTokenAlreadyUsed');
  // Magento's "Verifier is invalid" (a verifier that is not a string) cannot happen: parameters are strings.
  const verifier = request.values.get('oauth_verifier')!;
  if (Buffer.byteLength(verifier) !== VERIFIER_LENGTH) return fail('oauthVerifierLength');
  if (!sameSecret(verifier, token.verifier ?? '')) return fail('oauthVerifierMismatch');
  if (!verifySignature(request, method, consumer.secret, token.secret)) return fail('oauthSignatureInvalid');
  return { ok: true, consumer, token };
}

// Constant-time, over digests so a stored verifier of another length leaks nothing either.
function sameSecret(presented: string, stored: string): boolean {
  const hash = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(hash(presented), hash(stored)) && stored !== '';
}
