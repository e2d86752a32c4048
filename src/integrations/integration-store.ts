import type { TokenDigest } from '../auth/token.ts';
import type { Clock } from '../clock.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { OAuthConsumer, OAuthPorts, OAuthSettings } from '../oauth/ports.ts';
import type { ActiveIntegration, Integration, IntegrationInput, IntegrationStatus, TokenPair } from './integration.ts';

/**
 * What the integration store needs besides its database: Keyway's key (verified only after the stores are
 * open, hence a factory in `Stores`), and the clock and settings `OAuthPorts` carries.
 */
export interface IntegrationStoreContext {
  secrets: SecretBox;
  clock: Clock;
  settings: OAuthSettings;
}

/**
 * Integrations, their OAuth consumer, their one token row and the consumer's nonces (Magento's `integration`,
 * `oauth_consumer`, `oauth_token`, `oauth_nonce`). Secrets cross this port in clear and are kept encrypted
 * with Keyway's SecretBox; tokens are kept only as SHA-256 digests, so a token is answered once and never again.
 *
 * It is also the `OAuthPorts` of the OAuth checks (`findConsumerByKey`, `recordNonce`, `findTokenOfConsumer`,
 * `findTokenByDigest`). The handshake endpoints then use:
 * - `issueRequestToken(tokenId)` after `checkRequestToken`: the verifier row becomes a request token;
 * - `issueAccessToken(tokenId)` after `checkAccessToken`: the request row becomes the access token and the
 *   integration Active (undefined: answer `oauthNotRequestToken`);
 * - `findActiveIntegrationByConsumerId(consumerId)` after `checkSignedCall`: the caller is this integration
 *   (see `integrationPrincipal`), or a guest when there is none.
 */
export interface IntegrationStore extends OAuthPorts {
  /** Inserts the integration and its consumer (new key and secret); throws a unique violation on a taken name. */
  create(input: IntegrationInput): Promise<Integration>;
  findById(id: number): Promise<Integration | undefined>;
  findByName(name: string): Promise<Integration | undefined>;
  /** Every integration, by id. */
  list(): Promise<Integration[]>;
  /** Replaces what the admin decides; undefined when there is no such integration. */
  update(id: number, input: IntegrationInput): Promise<Integration | undefined>;
  setStatus(id: number, status: IntegrationStatus): Promise<void>;
  /** Deletes the integration, its consumer, token row and nonces; answers the token digests that went. */
  delete(id: number): Promise<TokenDigest[] | undefined>;
  /** The integration's consumer with its secret in clear, for the activation answer and POST. */
  consumerOf(integrationId: number): Promise<OAuthConsumer>;
  /**
   * Magento's `createAccessToken` without HTTP (activation without an endpoint): a new access token row for
   * the integration, which becomes Active. The caller revokes any previous row first, through `TokenService`.
   */
  grantAccessToken(integrationId: number): Promise<TokenPair>;
  /**
   * Magento's `postToConsumer` storage part: the consumer's `updated_at` becomes now (the exchange window opens)
   * and the verifier row is reused, or created in place of any other row. Answers the verifier in clear and the
   * digests of a replaced row, for the caches.
   */
  startTokenExchange(integrationId: number): Promise<{ verifier: string; replaced: TokenDigest[] }>;
  /** The verifier row becomes a request token (new token and secret); undefined when it is no verifier any more. */
  issueRequestToken(tokenId: number): Promise<TokenPair | undefined>;
  /**
   * The request row becomes the access token (new token and secret) and the integration Active; undefined when
   * the row is no request token any more (answer `oauthNotRequestToken`).
   */
  issueAccessToken(tokenId: number): Promise<TokenPair | undefined>;
  /** The Active (status 1) integration owning a consumer; undefined for an inactive or deleted one. */
  findActiveIntegrationByConsumerId(consumerId: number): Promise<ActiveIntegration | undefined>;
  isUniqueViolation(error: unknown): boolean;
}
