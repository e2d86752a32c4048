/** Where the database lives when DATABASE_URL is not set: a SQLite file beside the working directory. */
export const DEFAULT_DATABASE_URL = 'sqlite:var/keyway.sqlite';

/** Process settings, read once from the environment at start-up and frozen. */
export interface Environment {
  host: string;
  port: number;
  databaseUrl: string;
  redisUrl: string | undefined;
  logLevel: string;
  bodyLimit: number;
  trustProxy: boolean;
  settingsRefreshMs: number;
  /** Extra folders of `<Module>/webapi.xml` and `<Module>/acl.xml` files (KEYWAY_CONFIG_DIRS, colon-separated). */
  configDirs: readonly string[];
  /** Where two-factor configuration e-mail goes out (SMTP_URL, smtp:// or smtps://); none means no mail. */
  smtpUrl: string | undefined;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Reads and checks the environment; throws one clear message naming the variable at fault. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  const port = integer(env, 'PORT', 8080, 0, 65535);
  const logLevel = env.LOG_LEVEL ?? 'info';
  if (!LOG_LEVELS.includes(logLevel))
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) {
    throw new Error('SMTP_URL must start with smtp:// or smtps://');
  }
  return Object.freeze({
    host: env.HOST || '127.0.0.1',
    port,
    databaseUrl: env.DATABASE_URL || DEFAULT_DATABASE_URL,
    redisUrl: env.REDIS_URL || undefined,
    logLevel,
    bodyLimit: integer(env, 'BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    settingsRefreshMs: integer(env, 'SETTINGS_REFRESH_MS', 5000, 100, 3_600_000),
    configDirs: Object.freeze((env.KEYWAY_CONFIG_DIRS ?? '').split(':').filter((dir) => dir !== '')),
    smtpUrl,
  });
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}
