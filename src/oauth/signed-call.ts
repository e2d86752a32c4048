import { lookupDigest } from '../crypto/lookup-digest.ts';
import { type OAuthFailure, fail } from './failure.ts';
import type { OAuthRequest } from './parse-request.ts';
import type { OAuthConsumer, OAuthPorts, OAuthToken } from './ports.ts';
import { checkProtocol, REQUIRED } from './protocol-checks.ts';
import { verifySignature } from './signature.ts';

export interface SignedCallAccepted {
  ok: true;
  /** The caller then looks up the consumer's integration: only an Active one (status 1) is a principal. */
  consumer: OAuthConsumer;
  token: OAuthToken;
}

/**
 * The checks of a REST call signed with OAuth 1.0a (Magento's `Oauth::validateAccessTokenRequest`, reference
 * §7.1), in order: the protocol checks, the access token (exists, this consumer's, an access token, not
 * revoked), then the signature under the consumer secret and the access-token secret.
 *
 * Undefined when the request is not an OAuth call at all (no `OAuth ` header, or one with nothing in it), so
 * other authentication applies; any other failure is final (Magento does not fall back to guest on a bad one).
 */
export async function checkSignedCall(
  request: OAuthRequest | undefined,
  ports: OAuthPorts,
): Promise<SignedCallAccepted | OAuthFailure | undefined> {
  if (request === undefined || request.values.size === 0) return undefined;
  const checked = await checkProtocol(request, REQUIRED.signedCall, ports);
  if (!checked.ok) return checked;
  const { consumer, method } = checked;
  const digest = lookupDigest(request.values.get('oauth_token')!);
  const token = digest === undefined ? undefined : await ports.findTokenByDigest(digest);
  if (!token) return fail('oauthTokenNotFound');
  if (token.consumerId !== consumer.id) return fail('oauthTokenConsumerMismatch');
  if (token.type !== 'access') return fail('oauthNotAccessToken');
  if (token.revoked) return fail('oauthTokenRevoked');
  if (!verifySignature(request, method, consumer.secret, token.secret)) return fail('oauthSignatureInvalid');
  return { ok: true, consumer, token };
}
