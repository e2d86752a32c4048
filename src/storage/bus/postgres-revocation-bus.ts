import pg from 'pg';
import type { SqlDriver } from '../sql/sql-driver.ts';
import { DIGESTS_PER_MESSAGE, REVOCATION_CHANNEL, chunk, parseDigests, type RevocationBus } from './revocation-bus.ts';

const RECONNECT_MS = 500;

/**
 * Revocations over PostgreSQL's LISTEN/NOTIFY, for nodes sharing a database without Redis. Publishing goes
 * through the pool; listening holds one connection, reconnected whenever it drops.
 */
export function createPostgresRevocationBus(driver: SqlDriver, connectionString: string): RevocationBus {
  let client: pg.Client | undefined;
  let live = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  return {
    get live() {
      return live;
    },
    async publish(digests) {
      for (const part of chunk(digests, DIGESTS_PER_MESSAGE)) {
        await driver.get('SELECT pg_notify(?, ?)', [REVOCATION_CHANNEL, part.join(',')]);
      }
    },
    start(onRevoked, onLiveChange) {
      const setLive = (value: boolean) => {
        if (live === value) return;
        live = value;
        onLiveChange(value);
      };
      const connect = () => {
        if (closed) return;
        const connection = new pg.Client({ connectionString });
        client = connection;
        const lost = () => {
          setLive(false);
          connection.removeAllListeners();
          connection.on('error', () => {});
          connection.end().catch(() => {});
          if (!closed) retry = setTimeout(connect, RECONNECT_MS);
        };
        connection.on('notification', (message) => onRevoked(parseDigests(message.payload ?? '')));
        connection.on('error', lost);
        connection.on('end', lost);
        connection
          .connect()
          .then(() => connection.query(`LISTEN ${REVOCATION_CHANNEL}`))
          .then(() => setLive(true), lost);
      };
      connect();
    },
    async close() {
      closed = true;
      live = false;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
