/** One admin's configuration of one provider, its secret still encrypted. */
export interface ProviderConfigRow {
  /** The secret as stored: encrypted with Keyway's key (`keyway.secrets`). */
  secret: string;
  active: boolean;
}

/**
 * Two-factor state per admin (Magento's `tfa_user_config`): per provider the encrypted secret, whether it is
 * active, and the last time step accepted (Keyway refuses replayed codes); per admin the chosen provider codes
 * and the default one.
 */
export interface TfaStore {
  find(userId: number, provider: string): Promise<ProviderConfigRow | undefined>;
  /** Stores a secret unless one is stored already (two first reads racing keep one); answers the stored row. */
  claimSecret(userId: number, provider: string, encryptedSecret: string): Promise<ProviderConfigRow>;
  /** Replaces the secret, marks it active and forgets the last accepted step (the CLI's set-secret). */
  replaceSecret(userId: number, provider: string, encryptedSecret: string): Promise<void>;
  /** Marks the provider active; false when it already was. */
  activate(userId: number, provider: string): Promise<boolean>;
  /**
   * Atomically records `timeStep` as the last accepted one, unless a step at least as late was accepted before:
   * false means the code is a replay. One statement, so two nodes cannot both accept the same code.
   */
  claimTimeStep(userId: number, provider: string, timeStep: number): Promise<boolean>;
  /** Forgets the provider's secret and active flag; false when there was nothing to forget. */
  reset(userId: number, provider: string): Promise<boolean>;
  defaultProvider(userId: number): Promise<string>;
  setDefaultProvider(userId: number, provider: string): Promise<void>;
  setProviders(userId: number, providers: readonly string[]): Promise<void>;
}
