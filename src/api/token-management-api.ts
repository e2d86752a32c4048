import { Type, type Static } from 'typebox';
import type { CustomerService } from '../accounts/customer-service.ts';
import { UserType } from '../auth/principal.ts';
import type { SessionView, TokenService } from '../auth/token-service.ts';
import { formatTimestamp } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { AdminStore } from '../accounts/admin-store.ts';
import { defineService } from './define-service.ts';
import { nullable, TRUE } from './payloads.ts';
import type { ServiceMethod } from './service-method.ts';

const SERVICE = 'Keyway\\Integration\\Api\\TokenManagementInterface';

/** A session as its owner sees it: when and from where, never the token. */
const SESSION = Type.Object({
  id: Type.Integer(),
  created_at: nullable(Type.String()),
  last_used_at: nullable(Type.String()),
  expires_at: nullable(Type.String()),
  ip: nullable(Type.String()),
  user_agent: nullable(Type.String()),
});

/** RFC 7662's answer: `active` alone when the token proves nothing. */
const INTROSPECTION = Type.Object({
  active: Type.Boolean(),
  user_type: Type.Optional(Type.String({ enum: ['customer', 'admin', 'integration'] })),
  user_id: Type.Optional(Type.Integer()),
  iat: Type.Optional(Type.Integer({ description: 'Issued at, in seconds since 1970' })),
  exp: Type.Optional(Type.Integer({ description: 'Expires at, in seconds since 1970; absent when it never does' })),
});

function sessionData(session: SessionView): Static<typeof SESSION> {
  const time = (epochMs: number | null) => (epochMs === null ? null : formatTimestamp(epochMs));
  return {
    id: session.tokenId,
    created_at: time(session.createdAt),
    last_used_at: time(session.lastUsedAt),
    expires_at: time(session.expiresAt),
    ip: session.ip,
    user_agent: session.userAgent,
  };
}

function tokenNotFound(tokenId: number): AppError {
  return new AppError('noSuchEntity', { fieldName: 'tokenId', fieldValue: tokenId });
}

/** Keyway's token management routes: one-device logout, session lists, admin revocation, introspection. */
export function tokenManagementServices(
  tokens: TokenService,
  customers: CustomerService,
  admins: AdminStore,
): Record<string, ServiceMethod> {
  /** A user's session list; `check` may refuse an owner that does not exist. */
  const listOwn = (userType: UserType, idArg: 'customerId' | 'adminId', check?: (id: number) => Promise<void>) =>
    defineService({
      summary: `List the ${userType === UserType.CUSTOMER ? "customer's" : "admin user's"} sessions`,
      args: Type.Object({ [idArg]: Type.Integer() }),
      answer: Type.Array(SESSION),
      async call(args) {
        const id = args[idArg];
        await check?.(id);
        return (await tokens.sessions(userType, id)).map(sessionData);
      },
    });
  /** Revokes one of a user's own tokens; another user's token id is simply not found. */
  const revokeOwn = (userType: UserType, idArg: 'customerId' | 'adminId') =>
    defineService({
      summary: 'Sign out one session: revoke one of your own tokens by its id',
      args: Type.Object({ [idArg]: Type.Integer(), tokenId: Type.Integer() }),
      answer: TRUE,
      async call(args) {
        const tokenId = args.tokenId;
        if (!(await tokens.revokeOne(userType, args[idArg], tokenId))) throw tokenNotFound(tokenId);
        return true;
      },
    });
  return {
    [`${SERVICE}::revokeCurrentToken`]: defineService({
      summary: 'Sign out: revoke the token this call is made with',
      args: Type.Object({}),
      answer: Type.Boolean(),
      async call(_args, { principal }) {
        // `authenticated` admits only customers and admins (see special-resources.ts).
        if (principal.kind === 'guest' || principal.kind === 'integration') {
          throw new Error(`revokeCurrentToken reached by a ${principal.kind}`);
        }
        const [userType, userId] =
          principal.kind === 'customer'
            ? [UserType.CUSTOMER, principal.customerId]
            : [UserType.ADMIN, principal.adminId];
        if (principal.tokenId !== null) return tokens.revokeOne(userType, userId, principal.tokenId);
        // A JWT Magento signed has no record to delete: revoke_before ends it, with the user's other such tokens.
        await tokens.endSessions(userType, userId, []);
        return true;
      },
    }),
    [`${SERVICE}::getCustomerTokens`]: listOwn(UserType.CUSTOMER, 'customerId', async (id) => {
      await customers.getById(id);
    }),
    [`${SERVICE}::revokeCustomerToken`]: revokeOwn(UserType.CUSTOMER, 'customerId'),
    [`${SERVICE}::getAdminTokens`]: listOwn(UserType.ADMIN, 'adminId'),
    [`${SERVICE}::revokeAdminToken`]: revokeOwn(UserType.ADMIN, 'adminId'),
    [`${SERVICE}::revokeAdminUserTokens`]: defineService({
      summary: "Revoke every one of an admin user's tokens",
      args: Type.Object({ userId: Type.Integer() }),
      answer: TRUE,
      async call({ userId }) {
        if (!(await admins.findById(userId))) {
          throw new AppError('noSuchEntity', { fieldName: 'userId', fieldValue: userId });
        }
        await tokens.revokeAllFor(UserType.ADMIN, userId);
        return true;
      },
    }),
    [`${SERVICE}::introspect`]: defineService({
      summary: 'What a token is (RFC 7662): inactive, or whose and until when',
      args: Type.Object({ token: Type.String() }),
      answer: INTROSPECTION,
      call: ({ token }) => tokens.introspect(token),
    }),
  };
}
