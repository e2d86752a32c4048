import { createApp } from './app.ts';
import { readEnvironment, type Environment } from './config/environment.ts';
import { createLogger } from './http/logger.ts';
import { metricsEnabled } from './http/metrics.ts';
import { createKeyway } from './keyway.ts';
import { settleNextTick } from './settle-next-tick.ts';

const EXPIRED_TOKEN_SWEEP_MS = 60 * 60 * 1000;
/** A request that never ends must not keep a stopping server alive for ever; process managers kill at ~30 s. */
const SHUTDOWN_LIMIT_MS = 25_000;

/** The composition root: environment, stores, app, then listen. Stops cleanly on SIGTERM and SIGINT. */
export async function serve(environment: Environment = readEnvironment()): Promise<void> {
  await settleNextTick();
  const logger = createLogger(environment.logLevel);
  const keyway = await createKeyway({
    databaseUrl: environment.databaseUrl,
    redisUrl: environment.redisUrl,
    logger,
    configDirs: environment.configDirs,
    smtpUrl: environment.smtpUrl,
    hashInBackground: true,
  });
  keyway.settings.startRefreshing(environment.settingsRefreshMs);
  const app = createApp(keyway, {
    logger,
    bodyLimit: environment.bodyLimit,
    trustProxy: environment.trustProxy,
    metrics: metricsEnabled(process.env),
    processMetrics: true,
  });
  // Magento's hourly cron removes expired tokens; so does Keyway, in the server itself.
  const sweep = setInterval(
    () => void keyway.tokens.deleteExpired().catch((err) => logger.error({ err }, 'token sweep failed')),
    EXPIRED_TOKEN_SWEEP_MS,
  );
  sweep.unref();
  let stopping = false;
  // Stop taking connections at once, let every request in flight finish, then close the database and exit 0.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    clearInterval(sweep);
    const limit = setTimeout(() => {
      logger.error({ limitMs: SHUTDOWN_LIMIT_MS }, 'requests still in flight at the shutdown limit; exiting anyway');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    limit.unref();
    try {
      await app.close();
      await keyway.close();
      logger.info({ signal }, 'stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'stopping failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  const address = await app.listen({ host: environment.host, port: environment.port });
  logger.info({ address, database: environment.databaseUrl.split(':')[0] }, 'Keyway is listening');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  serve().catch((error: unknown) => {
    console.error(`keyway: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
