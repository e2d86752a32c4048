import { UserType } from '../auth/principal.ts';
import { digestToken, generateToken, type RawToken } from '../auth/token.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { OAuthConsumer, OAuthToken } from '../oauth/ports.ts';
import type { SqlExecutor } from './sql/sql-driver.ts';

/** An integration's `oauth_token` row, with its secret and verifier still encrypted. */
export interface TokenRow {
  token_id: number;
  consumer_id: number;
  token_type: OAuthToken['type'];
  secret: string;
  verifier: string | null;
  revoked: number;
}

export const SELECT_TOKEN = 'SELECT token_id, consumer_id, token_type, secret, verifier, revoked FROM oauth_token';

/** An `oauth_consumer` row, with its secret still encrypted. */
export interface ConsumerRow {
  entity_id: number;
  consumer_key: string;
  secret: string;
  updated_at: number | null;
}

/** A pair about to be stored: the token typed as raw, so only its digest can be written. */
export interface NewPair {
  token: RawToken;
  secret: string;
}

/** A token and secret in Magento's format (32 of [0-9a-z]). */
export function newPair(): NewPair {
  return { token: generateToken(), secret: generateToken() };
}

/** Inserts an integration's one token row; only the token's digest is written, the secrets encrypted. */
export async function insertTokenRow(
  tx: SqlExecutor,
  secrets: SecretBox,
  row: { integrationId: number; consumerId: number; type: OAuthToken['type']; pair: NewPair; createdAt: number },
  verifier: string = generateToken(),
): Promise<void> {
  await tx.run(
    `INSERT INTO oauth_token (digest, user_type, user_id, created_at, consumer_id, token_type, secret, verifier)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      digestToken(row.pair.token),
      UserType.INTEGRATION,
      row.integrationId,
      row.createdAt,
      row.consumerId,
      row.type,
      secrets.encrypt(row.pair.secret),
      secrets.encrypt(verifier),
    ],
  );
}

/** A consumer row as the OAuth checks see it, its secret decrypted. */
export function toConsumer(row: ConsumerRow, secrets: SecretBox): OAuthConsumer {
  return { id: row.entity_id, key: row.consumer_key, secret: secrets.decrypt(row.secret), updatedAt: row.updated_at };
}

/** A token row as the OAuth checks see it, its secret and verifier decrypted. */
export function toToken(row: TokenRow, secrets: SecretBox): OAuthToken {
  return {
    id: row.token_id,
    consumerId: row.consumer_id,
    type: row.token_type,
    secret: secrets.decrypt(row.secret),
    verifier: row.verifier === null ? null : secrets.decrypt(row.verifier),
    revoked: row.revoked === 1,
  };
}
