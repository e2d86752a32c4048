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
  return {
    [`${SERVICE}::revokeCurrentToken`]: {
      args: [],
      async call(_args, { principal }) {
        if (principal.kind === 'guest') throw new Error('revokeCurrentToken reached without a token');
        const [userType, userId] =
          principal.kind === 'customer' ? [UserType.CUSTOMER, principal.customerId] : [UserType.ADMIN, principal.adminId];
        return tokens.revokeOne(userType, userId, principal.tokenId);
      },
    },
    [`${SERVICE}::getCustomerTokens`]: {
      args: [{ name: 'customerId', type: 'int', required: true }],
      async call({ customerId }) {
        await customers.getById(customerId as number);
        return (await tokens.sessions(UserType.CUSTOMER, customerId as number)).map(sessionData);
      },
    },
    [`${SERVICE}::revokeCustomerToken`]: {
      args: [{ name: 'customerId', type: 'int', required: true }, TOKEN_ID],
      async call({ customerId, tokenId }) {
        if (!(await tokens.revokeOne(UserType.CUSTOMER, customerId as number, tokenId as number))) {
          throw tokenNotFound(tokenId as number);
        }
        return true;
      },
    },
    [`${SERVICE}::getAdminTokens`]: {
      args: [{ name: 'adminId', type: 'int', required: true }],
      async call({ adminId }) {
        return (await tokens.sessions(UserType.ADMIN, adminId as number)).map(sessionData);
      },
    },
    [`${SERVICE}::revokeAdminToken`]: {
      args: [{ name: 'adminId', type: 'int', required: true }, TOKEN_ID],
      async call({ adminId, tokenId }) {
        if (!(await tokens.revokeOne(UserType.ADMIN, adminId as number, tokenId as number))) {
          throw tokenNotFound(tokenId as number);
        }
        return true;
      },
    },
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
