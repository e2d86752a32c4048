// The claims of a Magento user JWT, and the one parser that accepts them.
import { UserType } from '../principal.ts';

/** Magento's claims in Magento's order, plus the `jti` Keyway adds (Magento ignores claims it does not know). */
export interface JwtClaims {
  uid: number;
  utypid: UserType;
  iat: number;
  exp: number;
  /** Present on tokens Keyway issued: they have a session record. */
  jti?: string;
}

const isPositiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/**
 * The claims of a verified payload, or undefined when they prove nothing. Magento's Reader requires `uid`,
 * `utypid`, `iat` and `exp` to be non-empty (PHP's empty(): 0 is empty too); Keyway also requires integers and a
 * user type it serves (2 admin, 3 customer), where Magento would carry any other type on to the ACL.
 */
export function parseClaims(payload: Uint8Array): JwtClaims | undefined {
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    return undefined;
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) return undefined;
  const { uid, utypid, iat, exp, jti } = claims as Record<string, unknown>;
  if (!isPositiveInteger(uid) || !isPositiveInteger(iat) || !isPositiveInteger(exp)) return undefined;
  if (utypid !== UserType.CUSTOMER && utypid !== UserType.ADMIN) return undefined;
  if (jti === undefined) return { uid, utypid, iat, exp };
  return typeof jti === 'string' ? { uid, utypid, iat, exp, jti } : undefined;
}

/** The payload Keyway signs: Magento's four claims first and in its order, so they read byte for byte as Magento's. */
export function serializeClaims(claims: Required<JwtClaims>): string {
  const { uid, utypid, iat, exp, jti } = claims;
  return JSON.stringify({ uid, utypid, iat, exp, jti });
}
