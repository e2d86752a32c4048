import type { ProviderConfigRow, TfaStore } from '../tfa/tfa-store.ts';
import type { SqlDriver } from './sql/sql-driver.ts';

/** Two-factor state in SQL: `tfa_provider_config` per admin and provider, `tfa_user_config` per admin. */
export class SqlTfaStore implements TfaStore {
  constructor(private readonly db: SqlDriver) {}

  async find(userId: number, provider: string): Promise<ProviderConfigRow | undefined> {
    const row = await this.db.get<{ secret: string; active: number }>(
      'SELECT secret, active FROM tfa_provider_config WHERE user_id = ? AND provider = ?',
      [userId, provider],
    );
    return row && { secret: row.secret, active: Number(row.active) === 1 };
  }

  async claimSecret(userId: number, provider: string, encryptedSecret: string): Promise<ProviderConfigRow> {
    await this.db.run(
      `INSERT INTO tfa_provider_config (user_id, provider, secret, active, last_time_step) VALUES (?, ?, ?, 0, 0)
       ON CONFLICT (user_id, provider) DO NOTHING`,
      [userId, provider, encryptedSecret],
    );
    return (await this.find(userId, provider))!;
  }

  async replaceSecret(userId: number, provider: string, encryptedSecret: string): Promise<void> {
    await this.db.run(
      `INSERT INTO tfa_provider_config (user_id, provider, secret, active, last_time_step) VALUES (?, ?, ?, 1, 0)
       ON CONFLICT (user_id, provider) DO UPDATE SET secret = excluded.secret, active = 1, last_time_step = 0`,
      [userId, provider, encryptedSecret],
    );
  }

  async activate(userId: number, provider: string): Promise<boolean> {
    const { changes } = await this.db.run(
      'UPDATE tfa_provider_config SET active = 1 WHERE user_id = ? AND provider = ? AND active = 0',
      [userId, provider],
    );
    return changes === 1;
  }

  async claimTimeStep(userId: number, provider: string, timeStep: number): Promise<boolean> {
    const { changes } = await this.db.run(
      'UPDATE tfa_provider_config SET last_time_step = ? WHERE user_id = ? AND provider = ? AND last_time_step < ?',
      [timeStep, userId, provider, timeStep],
    );
    return changes === 1;
  }

  async reset(userId: number, provider: string): Promise<boolean> {
    const { changes } = await this.db.run('DELETE FROM tfa_provider_config WHERE user_id = ? AND provider = ?', [
      userId,
      provider,
    ]);
    return changes > 0;
  }

  async defaultProvider(userId: number): Promise<string> {
    const row = await this.db.get<{ default_provider: string }>(
      'SELECT default_provider FROM tfa_user_config WHERE user_id = ?',
      [userId],
    );
    return row?.default_provider ?? '';
  }

  async setDefaultProvider(userId: number, provider: string): Promise<void> {
    await this.db.run(
      `INSERT INTO tfa_user_config (user_id, providers, default_provider) VALUES (?, '[]', ?)
       ON CONFLICT (user_id) DO UPDATE SET default_provider = excluded.default_provider`,
      [userId, provider],
    );
  }

  async setProviders(userId: number, providers: readonly string[]): Promise<void> {
    await this.db.run(
      `INSERT INTO tfa_user_config (user_id, providers, default_provider) VALUES (?, ?, '')
       ON CONFLICT (user_id) DO UPDATE SET providers = excluded.providers`,
      [userId, JSON.stringify(providers)],
    );
  }
}
