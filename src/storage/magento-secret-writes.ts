// The Magento import's writes of secret-bearing rows: integrations (consumer and token secrets) and two-factor
// configuration. Secrets arrive already encrypted under Keyway's key; tokens arrive as digests.
import { UserType } from '../auth/principal.ts';
import type { UpsertOutcome } from '../import/customer-import-store.ts';
import type { ImportedIntegration, ImportedTfa } from '../import/magento-target.ts';
import { placeholders, same } from './magento-import-rows.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

/** Inserts or rewrites an integration, its consumer and its access token row. */
export function writeIntegration(db: SqlDriver, integration: ImportedIntegration): Promise<UpsertOutcome> {
  return db.transaction(async (tx) => {
    const stored = await tx.get<Record<string, unknown>>(
      `SELECT i.*, c.consumer_key, t.digest FROM integration i JOIN oauth_consumer c ON c.entity_id = i.consumer_id
         LEFT JOIN oauth_token t ON t.consumer_id = i.consumer_id WHERE i.integration_id = ?`,
      [integration.id],
    );
    const columns = {
      name: integration.name,
      email: integration.email,
      endpoint: integration.endpoint,
      identity_link_url: integration.identityLinkUrl,
      status: integration.status,
      setup_type: integration.setupType,
      all_resources: integration.allResources ? 1 : 0,
      resource_ids: JSON.stringify(integration.resources),
      created_at: integration.createdAt,
      updated_at: integration.updatedAt,
    };
    const { consumer, accessToken } = integration;
    let consumerId: number;
    if (stored) {
      const unchanged =
        Object.entries(columns).every(([column, value]) => same(stored[column], value)) &&
        stored.consumer_key === consumer.key &&
        same(stored.digest, accessToken?.digest ?? null);
      if (unchanged) return 'unchanged';
      consumerId = Number(stored.consumer_id);
      await tx.run('DELETE FROM oauth_token WHERE consumer_id = ?', [consumerId]);
      await tx.run('UPDATE oauth_consumer SET consumer_key = ?, secret = ?, updated_at = ? WHERE entity_id = ?', [
        consumer.key,
        consumer.encryptedSecret,
        consumer.updatedAt,
        consumerId,
      ]);
      const names = Object.keys(columns);
      await tx.run(`UPDATE integration SET ${names.map((c) => `${c} = ?`).join(', ')} WHERE integration_id = ?`, [
        ...Object.values(columns),
        integration.id,
      ]);
    } else {
      const taken = await tx.get('SELECT 1 FROM oauth_consumer WHERE entity_id = ?', [consumer.id]);
      const row = await tx.get<{ entity_id: number }>(
        `INSERT INTO oauth_consumer (${taken ? '' : 'entity_id, '}name, consumer_key, secret, created_at, updated_at)
           VALUES (${taken ? '' : '?, '}?, ?, ?, ?, ?) RETURNING entity_id`,
        [
          ...(taken ? [] : [consumer.id]),
          consumer.name,
          consumer.key,
          consumer.encryptedSecret,
          consumer.createdAt,
          consumer.updatedAt,
        ],
      );
      consumerId = Number(row!.entity_id);
      const names = ['integration_id', ...Object.keys(columns), 'consumer_id'];
      await tx.run(`INSERT INTO integration (${names.join(', ')}) VALUES (${placeholders(names.length)})`, [
        integration.id,
        ...Object.values(columns),
        consumerId,
      ]);
    }
    if (accessToken) {
      await tx.run(
        `INSERT INTO oauth_token (digest, user_type, user_id, created_at, consumer_id, token_type, secret, revoked)
           VALUES (?, ?, ?, ?, ?, 'access', ?, 0)`,
        [
          accessToken.digest,
          UserType.INTEGRATION,
          integration.id,
          accessToken.createdAt,
          consumerId,
          accessToken.encryptedSecret,
        ],
      );
    }
    return stored ? 'updated' : 'imported';
  });
}

/** Stores an admin's two-factor configuration unless the same one is stored already. */
export function writeTfa(db: SqlDriver, tfa: ImportedTfa): Promise<UpsertOutcome> {
  return db.transaction(async (tx) => {
    const stored = await tx.get<{ providers: string; default_provider: string }>(
      'SELECT providers, default_provider FROM tfa_user_config WHERE user_id = ?',
      [tfa.userId],
    );
    const google = await tx.get<{ secret: string; active: number }>(
      "SELECT secret, active FROM tfa_provider_config WHERE user_id = ? AND provider = 'google'",
      [tfa.userId],
    );
    const sameConfig =
      stored?.providers === JSON.stringify(tfa.providers) && stored.default_provider === tfa.defaultProvider;
    const sameGoogle =
      tfa.google === null ||
      (google !== undefined &&
        Number(google.active) === (tfa.google.active ? 1 : 0) &&
        tfa.google.sameAs(google.secret));
    if (sameConfig && sameGoogle) return 'unchanged';
    await tx.run(
      `INSERT INTO tfa_user_config (user_id, providers, default_provider) VALUES (?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET providers = excluded.providers, default_provider = excluded.default_provider`,
      [tfa.userId, JSON.stringify(tfa.providers), tfa.defaultProvider],
    );
    if (tfa.google && !sameGoogle) {
      await tx.run(
        `INSERT INTO tfa_provider_config (user_id, provider, secret, active, last_time_step) VALUES (?, 'google', ?, ?, 0)
           ON CONFLICT (user_id, provider) DO UPDATE SET secret = excluded.secret, active = excluded.active`,
        [tfa.userId, tfa.google.encryptedSecret, tfa.google.active ? 1 : 0],
      );
    }
    return stored || google ? 'updated' : 'imported';
  });
}
