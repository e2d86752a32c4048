import { isIPv4, isIPv6 } from 'node:net';
import type { Clock } from '../clock.ts';
import type { Settings } from '../config/settings.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { AddressLimit } from './sign-in-opening.ts';
import type { AddressReservation, ThrottleStore } from './throttle-store.ts';

// Expired counters are deleted now and then, not on every attempt: one statement per this many reservations.
const PRUNE_EVERY = 500;

/**
 * The key a client address is counted under. IPv4-mapped IPv6 is its IPv4 address. Other IPv6 addresses
 * count by their /64, because one client commonly holds a whole /64 and could otherwise rotate through it.
 */
export function addressKey(ip: string): string {
  let address = ip.trim().toLowerCase();
  const zone = address.indexOf('%');
  if (zone !== -1) address = address.slice(0, zone);
  if (address.startsWith('::ffff:') && isIPv4(address.slice(7))) return address.slice(7);
  if (!isIPv6(address)) return address.slice(0, 64);
  return `${ipv6Groups(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of a valid IPv6 address, `::` expanded, without leading zeros. */
function ipv6Groups(address: string): string[] {
  const [head = '', tail] = address.split('::');
  const split = (part: string) =>
    part === '' ? [] : part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const first = split(head);
  const last = tail === undefined ? [] : split(tail);
  const groups = [...first, ...Array<string>(8 - first.length - last.length).fill('0'), ...last];
  return groups.map((group) => parseInt(group, 16).toString(16));
}

export interface AddressThrottleDeps {
  throttle: ThrottleStore;
  settings: Settings;
  clock: Clock;
  logger: Logger;
}

/**
 * The per-address limit on failed token requests (`webapi/throttle/address_*`). Each attempt takes a slot
 * before its password is checked, so a throttled address costs no hash work and concurrent attempts cannot
 * pass the limit; a successful attempt hands its slot back, since only failures count.
 */
export class AddressThrottle {
  private reservations = 0;

  constructor(private readonly deps: AddressThrottleDeps) {}

  /** Takes a slot for `ip`, or throws Magento's 429 with `Retry-After`. No address or a limit of 0: no slot. */
  async reserve(ip: string | null, userType: string, username: string): Promise<AddressReservation | undefined> {
    const limit = this.limitFor(ip);
    if (!limit) return undefined;
    const now = this.deps.clock.now();
    const result = await this.deps.throttle.reserveAddress(limit.key, now, limit.maxFailures, limit.windowMs);
    return this.accept(result, now, ip!, userType, username);
  }

  /** The limit `ip` is held to, for a store that takes the slot itself; undefined when none applies. */
  limitFor(ip: string | null): AddressLimit | undefined {
    const { settings } = this.deps;
    const maxFailures = settings.int('webapi/throttle/address_max_failures');
    if (ip === null || maxFailures <= 0) return undefined;
    return { key: addressKey(ip), maxFailures, windowMs: settings.int('webapi/throttle/address_window') * 1000 };
  }

  /** The slot a store answered, or Magento's 429 when the address was throttled; now and then prunes old counters. */
  accept(
    result: AddressReservation | { throttledUntil: number },
    now: number,
    ip: string,
    userType: string,
    username: string,
  ): AddressReservation {
    if (++this.reservations % PRUNE_EVERY === 0) {
      void this.deps.throttle
        .pruneAddresses(now)
        .catch((err: unknown) => this.deps.logger.error({ err }, 'address counter cleanup failed'));
    }
    if ('throttledUntil' in result) this.refuse(result.throttledUntil, now, ip, userType, username);
    return result;
  }

  /**
   * Throws the 429 when `ip` has already used up its failures, without counting anything. For checks that
   * count only their failures afterwards (`countFailure`), so that a success costs one read and no write.
   */
  async refuseIfThrottled(ip: string | null, userType: string, username: string): Promise<void> {
    const { throttle, settings, clock } = this.deps;
    const maxFailures = settings.int('webapi/throttle/address_max_failures');
    if (ip === null || maxFailures <= 0) return;
    const now = clock.now();
    const until = await throttle.addressThrottledUntil(addressKey(ip), now, maxFailures);
    if (until !== undefined) this.refuse(until, now, ip, userType, username);
  }

  /** Counts one failure of `ip`; throws the 429 instead when the address has no failures left. */
  async countFailure(ip: string | null, userType: string, username: string): Promise<void> {
    await this.reserve(ip, userType, username);
  }

  private refuse(throttledUntil: number, now: number, ip: string, userType: string, username: string): never {
    const retryAfter = Math.max(1, Math.ceil((throttledUntil - now) / 1000));
    this.deps.logger.warn(
      { event: 'address_throttled', userType, username, ip, retryAfter },
      'token request refused: too many failures from this address',
    );
    throw new AppError('tooManyAttempts', undefined, [], { 'Retry-After': String(retryAfter) });
  }
}
