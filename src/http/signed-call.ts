import type { AddressThrottle } from '../auth/address-throttle.ts';
import { GUEST, type Principal } from '../auth/principal.ts';
import { integrationPrincipal } from '../integrations/integration.ts';
import type { IntegrationStore } from '../integrations/integration-store.ts';
import type { Logger } from '../logger.ts';
import { checkSignedCall, type OAuthPorts, parseOAuthRequest, toAppError } from '../oauth/index.ts';
import { type OAuthInput, mentionsOAuth, oauthRequestParts } from './oauth-request.ts';

/** What a signed call needs from the integration store: the OAuth ports and the Active integration look-up. */
export type SignedCallStore = OAuthPorts & Pick<IntegrationStore, 'findActiveIntegrationByConsumerId'>;

export interface SignedCallDeps {
  integrations: SignedCallStore;
  addresses: AddressThrottle;
  logger: Logger;
}

/**
 * Who a REST call signed with OAuth 1.0a proves the caller to be (Magento's `OauthUserContext`, reference §7.1):
 * undefined when the call is not OAuth at all; the consumer's Active integration; a guest when the integration
 * is not Active. A failed check throws its own error (400 or 401): unlike a bad Bearer token, a bad signature
 * is not a guest. Failures count against the client address like failed sign-ins.
 */
export async function authenticateSignedCall(
  input: OAuthInput,
  ip: string,
  deps: SignedCallDeps,
): Promise<Principal | undefined> {
  if (!mentionsOAuth(input.authorization)) return undefined;
  const parsed = parseOAuthRequest(oauthRequestParts(input));
  // An `OAuth` header with nothing in it and no other parameter is no OAuth call (checkSignedCall agrees).
  if (parsed === undefined || (parsed.ok && parsed.values.size === 0)) return undefined;
  await deps.addresses.refuseIfThrottled(ip, 'integration', '');
  const outcome = parsed.ok ? await checkSignedCall(parsed, deps.integrations) : parsed;
  if (outcome === undefined) return undefined;
  if (!outcome.ok) {
    await deps.addresses.countFailure(ip, 'integration', '');
    deps.logger.info({ event: 'oauth_refused', code: outcome.code, detail: outcome.detail, ip }, 'signed call refused');
    throw toAppError(outcome);
  }
  const integration = await deps.integrations.findActiveIntegrationByConsumerId(outcome.consumer.id);
  return integration ? integrationPrincipal(integration, outcome.token.id) : GUEST;
}
