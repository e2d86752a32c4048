import type { SqliteDriver } from '../sql/sqlite-driver.ts';
import type { RevocationBus } from './revocation-bus.ts';

/**
 * The revocation bus of a single SQLite node. This process evicts its own changes itself; a change another
 * process commits (the CLI, an importer) cannot be told, so each request's token lookup first asks SQLite
 * whether anyone else has committed since the last request, and if so starts the caches afresh before they
 * answer. A cached answer is therefore never older than the request that reads it, at the price of one pragma
 * (about 2 µs) per request.
 */
export function createSqliteChangeWatch(driver: SqliteDriver): RevocationBus {
  let started = false;
  let seen = 0;
  let onChange: (live: boolean) => void = () => {};
  return {
    get live() {
      return started;
    },
    refresh() {
      if (!started) return;
      const version = driver.dataVersion();
      if (version !== seen) {
        seen = version;
        onChange(true);
      }
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
