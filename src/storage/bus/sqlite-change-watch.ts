import type { SqliteDriver } from '../sql/sqlite-driver.ts';
import type { RevocationBus } from './revocation-bus.ts';

/**
 * The revocation bus of a single SQLite node. This process evicts its own changes itself; a change another
 * process commits (the CLI, an importer) cannot be told, so every read of `live` asks SQLite whether anyone else
 * has committed since the last read, and if so starts the caches afresh before they answer. A cached answer is
 * therefore never older than the request that reads it, at the price of one pragma per check.
 */
export function createSqliteChangeWatch(driver: SqliteDriver): RevocationBus {
  let started = false;
  let seen = 0;
  let onChange: (live: boolean) => void = () => {};
  return {
    get live() {
      if (!started) return false;
      const version = driver.dataVersion();
      if (version !== seen) {
        seen = version;
        onChange(true);
      }
      return true;
    },
    // Nobody else listens: other processes on the file see the commit through data_version.
    publish: async () => {},
    start(_onRevoked, onLiveChange) {
      onChange = onLiveChange;
      seen = driver.dataVersion();
      started = true;
    },
    async close() {
      started = false;
    },
  };
}
