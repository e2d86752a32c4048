import { UserType } from '../auth/principal.ts';
import { digestToken, generateToken, type TokenDigest } from '../auth/token.ts';
import type { Clock } from '../clock.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import {
  type ActiveIntegration,
  grantedResources,
  type Integration,
  type IntegrationInput,
  IntegrationStatus,
  type TokenPair,
} from '../integrations/integration.ts';
import type { IntegrationStore, IntegrationStoreContext } from '../integrations/integration-store.ts';
import type { OAuthConsumer, OAuthSettings, OAuthToken } from '../oauth/ports.ts';
import { type IntegrationRow, parseResourceIds, SELECT_INTEGRATION, toIntegration } from './integration-rows.ts';
import {
  type ConsumerRow,
  insertTokenRow,
  newPair,
  SELECT_TOKEN,
  type TokenRow,
  toConsumer,
  toToken,
} from './oauth-rows.ts';
import { digests } from './token-store.ts';
import type { SqlDriver, SqlExecutor } from './sql/sql-driver.ts';

/** Magento's `oauth/cleanup/expiration_period` is 120 min; Keyway only needs the 600 s timestamp window. */
const NONCE_KEEP_SECONDS = 600;
const NONCE_PURGE_EVERY_MS = 60_000;

/**
 * Integrations, consumers, their token row and nonces in SQL. Secrets and verifiers are written encrypted
 * (`kw1:...`) and decrypted on the way out; tokens are written as digests only.
 */
export class SqlIntegrationStore implements IntegrationStore {
  readonly clock: Clock;
  readonly settings: OAuthSettings;
  private readonly secrets: SecretBox;
  /** When this node next deletes nonces that left the window. */
  private nextNoncePurgeAt = 0;

  constructor(
    private readonly db: SqlDriver,
    context: IntegrationStoreContext,
  ) {
    this.clock = context.clock;
    this.settings = context.settings;
    this.secrets = context.secrets;
  }

  async create(input: IntegrationInput): Promise<Integration> {
    const now = this.clock.now();
    const id = await this.db.transaction(async (tx) => {
      const consumer = await tx.get<{ entity_id: number }>(
        `INSERT INTO oauth_consumer (name, consumer_key, secret, created_at, updated_at)
         VALUES ('', ?, ?, ?, NULL) RETURNING entity_id`,
        [generateToken(), this.secrets.encrypt(generateToken()), now],
      );
      const row = await tx.get<{ integration_id: number }>(
        `INSERT INTO integration (name, email, endpoint, identity_link_url, status, setup_type, all_resources,
           resource_ids, consumer_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?) RETURNING integration_id`,
        [...inputColumns(input), consumer!.entity_id, now, now],
      );
      // Magento names the consumer after its integration: `Integration<id>`.
      await tx.run('UPDATE oauth_consumer SET name = ? WHERE entity_id = ?', [
        `Integration${row!.integration_id}`,
        consumer!.entity_id,
      ]);
      return row!.integration_id;
    });
    return (await this.findById(id))!;
  }

  async findById(id: number): Promise<Integration | undefined> {
    const row = await this.db.get<IntegrationRow>(`${SELECT_INTEGRATION} WHERE i.integration_id = ?`, [id]);
    return row && toIntegration(row);
  }

  async findByName(name: string): Promise<Integration | undefined> {
    const row = await this.db.get<IntegrationRow>(`${SELECT_INTEGRATION} WHERE i.name = ?`, [name]);
    return row && toIntegration(row);
  }

  async list(): Promise<Integration[]> {
    return (await this.db.all<IntegrationRow>(`${SELECT_INTEGRATION} ORDER BY i.integration_id`)).map(toIntegration);
  }

  async update(id: number, input: IntegrationInput): Promise<Integration | undefined> {
    await this.db.run(
      `UPDATE integration SET name = ?, email = ?, endpoint = ?, identity_link_url = ?, all_resources = ?,
         resource_ids = ?, updated_at = ? WHERE integration_id = ?`,
      [...inputColumns(input), this.clock.now(), id],
    );
    return this.findById(id);
  }

  async setStatus(id: number, status: IntegrationStatus): Promise<void> {
    await this.db.run('UPDATE integration SET status = ?, updated_at = ? WHERE integration_id = ?', [
      status,
      this.clock.now(),
      id,
    ]);
  }

  delete(id: number): Promise<TokenDigest[] | undefined> {
    return this.db.transaction(async (tx) => {
      const row = await tx.get<{ consumer_id: number }>(
        'SELECT consumer_id FROM integration WHERE integration_id = ?',
        [id],
      );
      if (!row) return undefined;
      const gone = await tx.all<{ digest: TokenDigest }>(
        'DELETE FROM oauth_token WHERE consumer_id = ? RETURNING digest',
        [row.consumer_id],
      );
      await tx.run('DELETE FROM integration WHERE integration_id = ?', [id]);
      // The consumer's nonces go with it (ON DELETE CASCADE), as in Magento's `Consumer::_afterDelete`.
      await tx.run('DELETE FROM oauth_consumer WHERE entity_id = ?', [row.consumer_id]);
      return digests(gone);
    });
  }

  async consumerOf(integrationId: number): Promise<OAuthConsumer> {
    const row = await this.db.get<ConsumerRow>(
      `SELECT c.entity_id, c.consumer_key, c.secret, c.updated_at FROM oauth_consumer c
       JOIN integration i ON i.consumer_id = c.entity_id WHERE i.integration_id = ?`,
      [integrationId],
    );
    if (!row) throw new Error(`Integration ${integrationId} has no consumer`);
    return toConsumer(row, this.secrets);
  }

  grantAccessToken(integrationId: number): Promise<TokenPair> {
    return this.db.transaction(async (tx) => {
      const pair = newPair();
      const consumerId = await consumerIdOf(tx, integrationId);
      const createdAt = this.clock.now();
      await insertTokenRow(tx, this.secrets, { integrationId, consumerId, type: 'access', pair, createdAt });
      await tx.run('UPDATE integration SET status = ?, updated_at = ? WHERE integration_id = ?', [
        IntegrationStatus.ACTIVE,
        this.clock.now(),
        integrationId,
      ]);
      return pair;
    });
  }

  startTokenExchange(integrationId: number): Promise<{ verifier: string; replaced: TokenDigest[] }> {
    return this.db.transaction(async (tx) => {
      const consumerId = await consumerIdOf(tx, integrationId);
      await tx.run('UPDATE oauth_consumer SET updated_at = ? WHERE entity_id = ?', [this.clock.now(), consumerId]);
      const row = await tx.get<TokenRow>(`${SELECT_TOKEN} WHERE consumer_id = ?`, [consumerId]);
      // Magento's `createVerifierToken` reuses the verifier row it finds.
      if (row?.token_type === 'verifier' && row.verifier !== null) {
        return { verifier: this.secrets.decrypt(row.verifier), replaced: [] };
      }
      const replaced = digests(
        await tx.all<{ digest: TokenDigest }>('DELETE FROM oauth_token WHERE consumer_id = ? RETURNING digest', [
          consumerId,
        ]),
      );
      const verifier = generateToken();
      const fresh = {
        integrationId,
        consumerId,
        type: 'verifier' as const,
        pair: newPair(),
        createdAt: this.clock.now(),
      };
      await insertTokenRow(tx, this.secrets, fresh, verifier);
      return { verifier, replaced };
    });
  }

  async issueRequestToken(tokenId: number): Promise<TokenPair | undefined> {
    const pair = newPair();
    const result = await this.db.run(
      `UPDATE oauth_token SET token_type = 'request', digest = ?, secret = ?
       WHERE token_id = ? AND token_type = 'verifier'`,
      [digestToken(pair.token), this.secrets.encrypt(pair.secret), tokenId],
    );
    return result.changes === 1 ? pair : undefined;
  }

  issueAccessToken(tokenId: number): Promise<TokenPair | undefined> {
    return this.db.transaction(async (tx) => {
      const pair = newPair();
      const now = this.clock.now();
      // Conditional on the type, so two exchanges racing with one request token cannot both succeed.
      const row = await tx.get<{ user_id: number }>(
        `UPDATE oauth_token SET token_type = 'access', digest = ?, secret = ?, created_at = ?
         WHERE token_id = ? AND token_type = 'request' RETURNING user_id`,
        [digestToken(pair.token), this.secrets.encrypt(pair.secret), now, tokenId],
      );
      if (!row) return undefined;
      await tx.run('UPDATE integration SET status = ?, updated_at = ? WHERE integration_id = ?', [
        IntegrationStatus.ACTIVE,
        now,
        row.user_id,
      ]);
      return pair;
    });
  }

  async findActiveIntegrationByConsumerId(consumerId: number): Promise<ActiveIntegration | undefined> {
    const row = await this.db.get<{ integration_id: number; all_resources: number; resource_ids: string }>(
      'SELECT integration_id, all_resources, resource_ids FROM integration WHERE consumer_id = ? AND status = ?',
      [consumerId, IntegrationStatus.ACTIVE],
    );
    if (!row) return undefined;
    const resources = grantedResources({
      allResources: row.all_resources === 1,
      resources: parseResourceIds(row.resource_ids),
    });
    return { id: row.integration_id, resources };
  }

  async findConsumerByKey(key: string): Promise<OAuthConsumer | undefined> {
    const row = await this.db.get<ConsumerRow>(
      'SELECT entity_id, consumer_key, secret, updated_at FROM oauth_consumer WHERE consumer_key = ?',
      [key],
    );
    return row && toConsumer(row, this.secrets);
  }

  async recordNonce(consumerId: number, nonce: string, timestamp: number): Promise<boolean> {
    // Opportunistic cleanup: a nonce whose timestamp left the window can no longer be replayed (the timestamp
    // check refuses it first), so its row is useless. At most once a minute per node, so a signed call costs
    // one write, not two; a row outliving the window by a minute is harmless for the same reason.
    const now = this.clock.now();
    if (now >= this.nextNoncePurgeAt) {
      this.nextNoncePurgeAt = now + NONCE_PURGE_EVERY_MS;
      await this.db.run('DELETE FROM oauth_nonce WHERE timestamp < ?', [Math.floor(now / 1000) - NONCE_KEEP_SECONDS]);
    }
    // Atomic: of two requests racing with one nonce, exactly one inserts the row.
    const result = await this.db.run(
      'INSERT INTO oauth_nonce (consumer_id, nonce, timestamp) VALUES (?, ?, ?) ON CONFLICT (consumer_id, nonce) DO NOTHING',
      [consumerId, nonce, timestamp],
    );
    return result.changes === 1;
  }

  async findTokenOfConsumer(consumerId: number): Promise<OAuthToken | undefined> {
    const row = await this.db.get<TokenRow>(`${SELECT_TOKEN} WHERE consumer_id = ? AND user_type = ?`, [
      consumerId,
      UserType.INTEGRATION,
    ]);
    return row && toToken(row, this.secrets);
  }

  async findTokenByDigest(digest: TokenDigest): Promise<OAuthToken | undefined> {
    const row = await this.db.get<TokenRow>(`${SELECT_TOKEN} WHERE digest = ? AND consumer_id IS NOT NULL`, [digest]);
    return row && toToken(row, this.secrets);
  }

  isUniqueViolation(error: unknown): boolean {
    return this.db.isUniqueViolation(error);
  }
}

/** The columns `IntegrationInput` fills, in the order the INSERT and UPDATE above name them. */
function inputColumns(input: IntegrationInput): (string | number | null)[] {
  return [
    input.name,
    input.email,
    input.endpoint,
    input.identityLinkUrl,
    input.allResources ? 1 : 0,
    JSON.stringify(input.allResources ? [] : [...new Set(input.resources)]),
  ];
}

async function consumerIdOf(tx: SqlExecutor, integrationId: number): Promise<number> {
  const row = await tx.get<{ consumer_id: number }>('SELECT consumer_id FROM integration WHERE integration_id = ?', [
    integrationId,
  ]);
  if (!row) throw new Error(`No integration ${integrationId}`);
  return row.consumer_id;
}
