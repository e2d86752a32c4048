import { type OAuthFailure, fail } from './failure.ts';
import { NO_PARAMETERS, type OAuthRequest } from './parse-request.ts';
import type { OAuthConsumer, OAuthPorts, OAuthToken } from './ports.ts';
import { checkProtocol, REQUIRED } from './protocol-checks.ts';
import { verifySignature } from './signature.ts';

export interface RequestTokenGranted {
  ok: true;
  consumer: OAuthConsumer;
  /** The verifier row the caller turns into a request token (new token and secret, type `request`). */
  token: OAuthToken;
}

/**
 * The checks of `/oauth/token/request` (Magento's `Oauth::getRequestToken`, reference §6.2), in order: the
 * protocol checks, the token-exchange window since Activate, the signature under the consumer secret alone,
 * then the integration's token row, which must still be a verifier.
 */
export async function checkRequestToken(
  received: OAuthRequest | undefined,
  ports: OAuthPorts,
): Promise<RequestTokenGranted | OAuthFailure> {
  // A request that is not OAuth at all has no parameters: the required check then lists every name.
  const request = received ?? NO_PARAMETERS;
  const checked = await checkProtocol(request, REQUIRED.requestToken, ports);
  if (!checked.ok) return checked;
  const { consumer, method } = checked;
  // A consumer never activated (no `updatedAt`) has no window open.
  const openedAt = consumer.updatedAt ?? Number.NEGATIVE_INFINITY;
  if (ports.clock.now() - openedAt >= ports.settings.consumerExpirationSeconds * 1000) {
    return fail('oauthConsumerExpired');
  }
  if (!verifySignature(request, method, consumer.secret)) return fail('oauthSignatureInvalid');
  const token = await ports.findTokenOfConsumer(consumer.id);
  if (!token) return fail('oauthConsumerTokenMissing', [String(consumer.id)]);
  if (token.type !== 'verifier') return fail('oauthNotVerifierToken');
  return { ok: true, consumer, token };
}
