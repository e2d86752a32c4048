import { UserType } from '../auth/principal.ts';
import type { TokenService } from '../auth/token-service.ts';
import type { Settings } from '../config/settings.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { type Integration, type IntegrationInput, IntegrationStatus } from './integration.ts';
import { checkIntegrationInput } from './integration-input.ts';
import type { IntegrationStore } from './integration-store.ts';
import { fetchPostToConsumer, type PostToConsumer } from './post-to-consumer.ts';

/** The four credentials Magento's admin shows once an integration without an endpoint is activated. */
export interface IntegrationCredentials {
  consumerKey: string;
  consumerSecret: string;
  accessToken: string;
  accessTokenSecret: string;
}

/** What activating answers: the credentials (no endpoint), or null when they were POSTed to the endpoint. */
export interface Activation {
  integration: Integration;
  credentials: IntegrationCredentials | null;
}

export interface IntegrationServiceDeps {
  store: IntegrationStore;
  /** Revocation goes through the token service, so every node's cache drops the old token at once. */
  tokens: Pick<TokenService, 'revokeAllFor' | 'forget' | 'forgetUser'>;
  settings: Settings;
  isAclResource(id: string): boolean;
  logger: Logger;
  /** How the activation form reaches the endpoint; Node's fetch by default. */
  post?: PostToConsumer;
}

/** Integrations as Magento's admin manages them: create, edit, activate, reauthorize, delete. */
export class IntegrationService {
  private readonly post: PostToConsumer;

  constructor(private readonly deps: IntegrationServiceDeps) {
    this.post = deps.post ?? fetchPostToConsumer;
  }

  /** Creates an Inactive integration with a new consumer key and secret. */
  async create(input: IntegrationInput): Promise<Integration> {
    const checked = checkIntegrationInput(input, this.deps.isAclResource);
    if (await this.deps.store.findByName(checked.name)) throw nameExists(checked.name);
    return this.deps.store.create(checked).catch((error: unknown) => {
      if (this.deps.store.isUniqueViolation(error)) throw nameExists(checked.name);
      throw error;
    });
  }

  /** Replaces what the admin decides; cached owners of its token drop so new resources apply at once. */
  async update(id: number, input: IntegrationInput): Promise<Integration> {
    await this.get(id);
    const checked = checkIntegrationInput(input, this.deps.isAclResource);
    const holder = await this.deps.store.findByName(checked.name);
    if (holder && holder.id !== id) throw nameExists(checked.name);
    const updated = await this.deps.store.update(id, checked).catch((error: unknown) => {
      if (this.deps.store.isUniqueViolation(error)) throw nameExists(checked.name);
      throw error;
    });
    await this.deps.tokens.forgetUser(UserType.INTEGRATION, id);
    return updated ?? this.get(id);
  }

  /** One integration; `integrationNotFound` when there is none. */
  async get(id: number): Promise<Integration> {
    const integration = await this.deps.store.findById(id);
    if (!integration) throw new AppError('integrationNotFound', [id]);
    return integration;
  }

  /** One integration by name, or undefined. */
  findByName(name: string): Promise<Integration | undefined> {
    return this.deps.store.findByName(name);
  }

  list(): Promise<Integration[]> {
    return this.deps.store.list();
  }

  /** Deletes the integration with its consumer, token and nonces; its token leaves every node's cache. */
  async delete(id: number): Promise<Integration> {
    const integration = await this.get(id);
    const gone = await this.deps.store.delete(id);
    if (gone === undefined) throw new AppError('integrationNotFound', [id]);
    await this.deps.tokens.forget(gone);
    return integration;
  }

  /**
   * Magento's Activate: without an endpoint the access token is issued and the four credentials answered
   * (once: Keyway keeps only the token's digest); with one, the token exchange starts (§4.2 of the reference).
   */
  async activate(id: number): Promise<Activation> {
    const integration = await this.get(id);
    if (integration.status === IntegrationStatus.ACTIVE) {
      throw new AppError('integrationAlreadyActive', [integration.name]);
    }
    return this.authorize(integration);
  }

  /**
   * Magento's Reauthorize: the old access token and secret stop working on every node at once; then, as on
   * activation, new ones are issued, or (with an endpoint) the integration turns Inactive and the exchange restarts.
   */
  async reauthorize(id: number): Promise<Activation> {
    const integration = await this.get(id);
    await this.deps.tokens.revokeAllFor(UserType.INTEGRATION, id);
    if (integration.endpoint !== null && integration.status !== IntegrationStatus.INACTIVE) {
      await this.deps.store.setStatus(id, IntegrationStatus.INACTIVE);
    }
    return this.authorize(await this.get(id));
  }

  private async authorize(integration: Integration): Promise<Activation> {
    const { store } = this.deps;
    if (integration.endpoint !== null) {
      await this.postToConsumer(integration, integration.endpoint);
      return { integration: await this.get(integration.id), credentials: null };
    }
    // Any earlier row (an abandoned exchange) goes first: an integration has one token row.
    await this.deps.tokens.revokeAllFor(UserType.INTEGRATION, integration.id);
    const access = await store.grantAccessToken(integration.id);
    const consumer = await store.consumerOf(integration.id);
    return {
      integration: await this.get(integration.id),
      credentials: {
        consumerKey: consumer.key,
        consumerSecret: consumer.secret,
        accessToken: access.token,
        accessTokenSecret: access.secret,
      },
    };
  }

  /** Magento's `postToConsumer`: open the exchange window, make the verifier, POST the form to the endpoint. */
  private async postToConsumer(integration: Integration, endpoint: string): Promise<void> {
    const { store, settings } = this.deps;
    const { verifier, replaced } = await store.startTokenExchange(integration.id);
    await this.deps.tokens.forget(replaced);
    const consumer = await store.consumerOf(integration.id);
    const form = {
      oauth_consumer_key: consumer.key,
      oauth_consumer_secret: consumer.secret,
      store_base_url: settings.get('web/unsecure/base_url'),
      oauth_verifier: verifier,
    };
    try {
      await this.post(endpoint, form, settings.int('oauth/consumer/post_timeout') * 1000);
    } catch (error) {
      // The reason goes to the log (never the form, which holds the consumer secret); the caller gets Magento's words.
      const reason = error instanceof Error ? error.message : String(error);
      this.deps.logger.warn({ integrationId: integration.id, endpoint, reason }, 'activation POST to consumer failed');
      throw new AppError('integrationPostFailed');
    }
  }
}

function nameExists(name: string): AppError {
  return new AppError('integrationNameExists', [name]);
}
