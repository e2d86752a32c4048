import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import pg from 'pg';
import { POSTGRES_ADMIN_URL } from './databases.ts';

export const REDIS_URL = process.env.KEYWAY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Why a suite that needs a service cannot run, or undefined when it can. Under CI=true a missing service is a
 * failure, not a skip, so a broken CI machine cannot pass by testing less.
 */
export async function missingService(name: 'postgres' | 'redis'): Promise<string | undefined> {
  const reachable = name === 'postgres' ? await postgresReachable() : await redisReachable(REDIS_URL);
  if (reachable) return undefined;
  const reason = `${name} is not reachable (${name === 'postgres' ? POSTGRES_ADMIN_URL : REDIS_URL})`;
  if (process.env.CI === 'true') throw new Error(`${reason}, and CI=true`);
  console.log(`note: skipping: ${reason}`);
  return reason;
}

async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function redisReachable(url: string): Promise<boolean> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A Redis server of the test's own on a free port, so a test can kill it without touching anyone else's. */
export async function startPrivateRedis(port?: number): Promise<{ url: string; port: number; kill(): Promise<void> }> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const url = `redis://127.0.0.1:${chosen}`;
  for (let i = 0; i < 100 && !(await redisReachable(url)); i++) await new Promise((r) => setTimeout(r, 50));
  return {
    url,
    port: chosen,
    async kill() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
