import { readEnvironment } from '../config/environment.ts';
import { createKeyway, type Keyway } from '../keyway.ts';

/** Opens Keyway on the database `DATABASE_URL` names, runs one command, and always closes it. */
export async function withKeyway<T>(work: (keyway: Keyway) => Promise<T>): Promise<T> {
  const environment = readEnvironment();
  const keyway = await createKeyway({
    databaseUrl: environment.databaseUrl,
    redisUrl: environment.redisUrl,
    configDirs: environment.configDirs,
    // A command publishes the revocations it makes; it has no cache of its own to keep fresh.
    subscribe: false,
  });
  try {
    return await work(keyway);
  } finally {
    await keyway.close();
  }
}
