/** The one seam between Keyway's SQL and a database: every store is written once against it. */
export type Dialect = 'sqlite' | 'postgres';

/** Parameters bind to `?` placeholders in order; booleans are not allowed (SQLite cannot bind them). */
export type SqlParam = string | number | null;

export interface SqlExecutor {
  all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  run(sql: string, params?: readonly SqlParam[]): Promise<{ changes: number }>;
}

export interface SqlDriver extends SqlExecutor {
  readonly dialect: Dialect;
  /** Runs `work` atomically; other callers wait until it commits or rolls back. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs DDL text with several statements, as migrations need. */
  exec(sql: string): Promise<void>;
  /** True when `error` is a unique or primary-key violation, whatever the database. */
  isUniqueViolation(error: unknown): boolean;
  /**
   * The same database for bookkeeping whose last fraction of a second a database crash may lose without harm
   * (the sign-in throttle's counts and places). On PostgreSQL its commits do not wait for their WAL flush; on
   * SQLite it is this driver.
   */
  bookkeeping(): SqlDriver;
  /** Answers whether the database can be reached right now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
