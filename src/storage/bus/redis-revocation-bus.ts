import type { Redis } from 'ioredis';
import { whenReady, withTimeout } from '../cache/shared-token-cache.ts';
import { DIGESTS_PER_MESSAGE, REVOCATION_CHANNEL, chunk, parseDigests, type RevocationBus } from './revocation-bus.ts';

/** Revocations over Redis pub/sub, on a connection of its own (a subscribed connection can do nothing else). */
export function createRedisRevocationBus(publisher: Redis, timeoutMs: number): RevocationBus {
  let subscriber: Redis | undefined;
  let live = false;
  return {
    get live() {
      return live;
    },
    async publish(digests) {
      if (digests.length === 0) return;
      await whenReady(publisher, timeoutMs * 4);
      for (const part of chunk(digests, DIGESTS_PER_MESSAGE)) {
        await withTimeout(publisher.publish(REVOCATION_CHANNEL, part.join(',')), timeoutMs);
      }
    },
    start(onRevoked, onLiveChange) {
      const connection = publisher.duplicate({ enableOfflineQueue: true, autoResubscribe: false });
      subscriber = connection;
      const setLive = (value: boolean) => {
        if (live === value) return;
        live = value;
        onLiveChange(value);
      };
      connection.on('message', (_channel: string, message: string) => onRevoked(parseDigests(message)));
      connection.on('ready', () => {
        connection.subscribe(REVOCATION_CHANNEL).then(
          () => setLive(true),
          () => setLive(false),
        );
      });
      connection.on('close', () => setLive(false));
      connection.on('end', () => setLive(false));
      // ioredis reports every failed reconnection as an error event; without a listener it would be thrown.
      connection.on('error', () => setLive(false));
    },
    async close() {
      live = false;
      subscriber?.disconnect();
    },
  };
}
