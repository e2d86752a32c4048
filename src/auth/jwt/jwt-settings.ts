// The settings JWTs follow, read from the in-memory snapshot on every call so a `config:set` applies at once.
import type { Settings } from '../../config/settings.ts';
import { type SignInUserType, UserType } from '../principal.ts';

/** The JWS algorithms Magento offers for `webapi/jwtauth/jwt_alg`; its JWE options are refused by `config:set`. */
export const JWT_ALGORITHMS = ['HS256', 'HS384', 'HS512'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** What new customer and admin tokens look like: Magento's 32-character opaque string, or a JWT. */
export type TokenFormat = 'opaque' | 'jwt';

const EXPIRATION_SETTING = {
  [UserType.CUSTOMER]: 'webapi/jwtauth/customer_expiration',
  [UserType.ADMIN]: 'webapi/jwtauth/admin_expiration',
} as const;

// Magento's ConfigReader: a value that is empty or not above zero means 30 minutes.
const FALLBACK_MINUTES = 30;

/** The format new tokens are issued in. */
export function tokenFormat(settings: Settings): TokenFormat {
  return settings.get('webapi/token/format') === 'jwt' ? 'jwt' : 'opaque';
}

/** The one algorithm JWTs are signed and accepted with; a stored value Keyway cannot use reads as the default. */
export function jwtAlgorithm(settings: Settings): JwtAlgorithm {
  const value = settings.get('webapi/jwtauth/jwt_alg');
  return (JWT_ALGORITHMS as readonly string[]).includes(value) ? (value as JwtAlgorithm) : 'HS256';
}

/** Minutes a JWT issued now lives, for a user type. */
export function jwtLifetimeMinutes(settings: Settings, userType: SignInUserType): number {
  const minutes = Number.parseInt(settings.get(EXPIRATION_SETTING[userType]), 10);
  return Number.isFinite(minutes) && minutes > 0 ? minutes : FALLBACK_MINUTES;
}
