/**
 * Where the database keeps the check value of the key it was set up with, so every node can prove at start-up
 * that it holds the same key before it reads or writes a single encrypted secret.
 */
export interface KeyCheckStore {
  /** The stored check value, or null before the first start. */
  read(): Promise<string | null>;
  /** Stores `value` unless a value is already there (another node may have started first); answers the stored one. */
  claim(value: string): Promise<string>;
  /** Replaces the stored value after a rotation. */
  replace(value: string): Promise<void>;
}
