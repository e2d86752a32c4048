import type { UserType } from '../auth/principal.ts';
import type { TokenDigest } from '../auth/token.ts';

/** What account changes tell the token caches when tokens go or the facts they carry change. */
export interface TokenRevocations {
  /** Drops digests the store has just revoked from every cache. */
  forget(digests: readonly TokenDigest[]): Promise<void>;
  /**
   * After the store revoked all of a user's tokens (`revoked`, their digests; all but the caller's on a
   * password change): also ends the user's JWTs that have no record (Magento's revoke_before), everywhere.
   */
  endSessions(userType: UserType, userId: number, revoked: readonly TokenDigest[]): Promise<void>;
  /** Drops a user's live tokens from the caches, because their website, group or role changed. */
  forgetUser(userType: UserType, userId: number): Promise<void>;
  /** Drops a role's resources from every cache, because its rules changed. */
  forgetRole(roleId: number): Promise<void>;
}
