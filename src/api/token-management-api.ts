import type { CustomerService } from '../accounts/customer-service.ts';
import { UserType } from '../auth/principal.ts';
import type { SessionView, TokenService } from '../auth/token-service.ts';
import { formatTimestamp } from '../clock.ts';
import { AppError } from '../errors.ts';
import type { AdminStore } from '../storage/admin-store.ts';
import type { ServiceMethod } from './service-method.ts';

const SERVICE = 'Keyway\\Integration\\Api\\TokenManagementInterface';
const TOKEN_ID = { name: 'tokenId', type: 'int', required: true } as const;

/** A session as its owner sees it: when and from where, never the token. */
function sessionData(session: SessionView): Record<string, unknown> {
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
  const listOwn = (userType: UserType, idArg: string, check?: (id: number) => Promise<void>): ServiceMethod => ({
    args: [{ name: idArg, type: 'int', required: true }],
    async call(args) {
      const id = args[idArg] as number;
      await check?.(id);
      return (await tokens.sessions(userType, id)).map(sessionData);
    },
  });
  /** Revokes one of a user's own tokens; another user's token id is simply not found. */
  const revokeOwn = (userType: UserType, idArg: string): ServiceMethod => ({
    args: [{ name: idArg, type: 'int', required: true }, TOKEN_ID],
    async call(args) {
      const tokenId = args.tokenId as number;
      if (!(await tokens.revokeOne(userType, args[idArg] as number, tokenId))) throw tokenNotFound(tokenId);
      return true;
    },
  });
  return {
    [`${SERVICE}::revokeCurrentToken`]: {
      args: [],
      async call(_args, { principal }) {
        if (principal.kind === 'guest') throw new Error('revokeCurrentToken reached without a token');
        const [userType, userId] =
          principal.kind === 'customer'
            ? [UserType.CUSTOMER, principal.customerId]
            : [UserType.ADMIN, principal.adminId];
        return tokens.revokeOne(userType, userId, principal.tokenId);
      },
    },
    [`${SERVICE}::getCustomerTokens`]: listOwn(UserType.CUSTOMER, 'customerId', async (id) => {
      await customers.getById(id);
    }),
    [`${SERVICE}::revokeCustomerToken`]: revokeOwn(UserType.CUSTOMER, 'customerId'),
    [`${SERVICE}::getAdminTokens`]: listOwn(UserType.ADMIN, 'adminId'),
    [`${SERVICE}::revokeAdminToken`]: revokeOwn(UserType.ADMIN, 'adminId'),
    [`${SERVICE}::revokeAdminUserTokens`]: {
      args: [{ name: 'userId', type: 'int', required: true }],
      async call({ userId }) {
        if (!(await admins.findById(userId as number))) {
          throw new AppError('noSuchEntity', { fieldName: 'userId', fieldValue: userId });
        }
        await tokens.revokeAllFor(UserType.ADMIN, userId as number);
        return true;
      },
    },
    [`${SERVICE}::introspect`]: {
      args: [{ name: 'token', type: 'string', required: true }],
      call: ({ token }) => tokens.introspect(token as string),
    },
  };
}
