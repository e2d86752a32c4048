// In-memory OAuth ports for the check-sequence tests: one consumer, its token row, a nonce set and a fixed clock.
import type { TokenDigest } from '../../src/auth/token.ts';
import { lookupDigest } from '../../src/crypto/index.ts';
import type { OAuthConsumer, OAuthPorts, OAuthToken } from '../../src/oauth/index.ts';
import { FixedClock } from '../helpers/clock.ts';

export const CONSUMER_KEY = 'ckey0000000000000000000000000001';
export const CONSUMER_SECRET = 'csec0000000000000000000000000001';
export const TOKEN = 'tok00000000000000000000000000001';
export const TOKEN_SECRET = 'tsec0000000000000000000000000001';
export const VERIFIER = 'ver00000000000000000000000000001';
/** 2023-11-14T22:13:20Z, the timestamp of the reference vector. */
export const NOW_SECONDS = 1_700_000_000;

export interface FakePorts extends OAuthPorts {
  clock: FixedClock;
  consumer: OAuthConsumer;
  token: OAuthToken | undefined;
  /** Raw token value of `token`, for the digest look-up. */
  tokenValue: string;
  nonces: Set<string>;
}

/** Ports holding consumer 5 with one token row of the given type, activated just now. */
export function fakePorts(type: OAuthToken['type'] = 'access', overrides: Partial<OAuthToken> = {}): FakePorts {
  const ports: FakePorts = {
    clock: new FixedClock(NOW_SECONDS * 1000),
    settings: { consumerExpirationSeconds: 300, allowSha1: true },
    consumer: { id: 5, key: CONSUMER_KEY, secret: CONSUMER_SECRET, updatedAt: NOW_SECONDS * 1000 - 10_000 },
    token: { id: 9, consumerId: 5, type, secret: TOKEN_SECRET, verifier: VERIFIER, revoked: false, ...overrides },
    tokenValue: TOKEN,
    nonces: new Set(),
    async findConsumerByKey(key) {
      return key === ports.consumer.key ? ports.consumer : undefined;
    },
    async recordNonce(consumerId, nonce) {
      const entry = `${consumerId}:${nonce}`;
      if (ports.nonces.has(entry)) return false;
      ports.nonces.add(entry);
      return true;
    },
    async findTokenOfConsumer(consumerId) {
      return ports.token?.consumerId === consumerId ? ports.token : undefined;
    },
    async findTokenByDigest(digest: TokenDigest) {
      return ports.token && lookupDigest(ports.tokenValue) === digest ? ports.token : undefined;
    },
  };
  return ports;
}
