import type { LoginService, SecondFactor } from '../auth/login-service.ts';
import { UserType } from '../auth/principal.ts';
import type { TokenService } from '../auth/token-service.ts';
import { Type } from 'typebox';
import { aggregate, fieldRequired } from '../errors.ts';
import { defineService } from './define-service.ts';
import { TOKEN, TRUE } from './payloads.ts';
import type { ServiceMethod } from './service-method.ts';

const credentials = () => Type.Object({ username: Type.String(), password: Type.String() });

/** Magento's `CredentialsValidator`: empty strings pass the input processor but are refused here, together. */
export function validateCredentials(username: string, password: string): void {
  const error = aggregate([
    ...(username.length === 0 ? [fieldRequired('username')] : []),
    ...(password.length === 0 ? [fieldRequired('password')] : []),
  ]);
  if (error) throw error;
}

/**
 * Tells the client how long its new token lives (`expires_in`, as OAuth 2 names it), since Magento's bare token
 * string cannot; no header when tokens never expire.
 */
function announceLifetime(seconds: number | undefined, setHeader: (name: string, value: string) => void): void {
  if (seconds !== undefined) setHeader('expires_in', String(seconds));
}

/**
 * Magento_Integration's token services. `adminGate`, when it answers a check, follows a right admin password
 * (two-factor authentication, which then refuses the plain admin token).
 */
export function integrationServices(
  login: LoginService,
  tokens: TokenService,
  adminGate: () => SecondFactor | undefined = () => undefined,
): Record<string, ServiceMethod> {
  return {
    'Magento\\Integration\\Api\\CustomerTokenServiceInterface::createCustomerAccessToken': defineService({
      summary: 'Trade a customer email and password for an access token',
      args: credentials(),
      answer: TOKEN,
      async call({ username, password }, { store, meta, setHeader }) {
        validateCredentials(username, password);
        // The admin store ("all") signs customers in to the default website.
        const websiteId = store.website_id === 0 ? 1 : store.website_id;
        const token = await login.loginCustomer(username, password, websiteId, meta);
        announceLifetime(tokens.lifetimeSeconds(UserType.CUSTOMER), setHeader);
        return token;
      },
    }),
    'Magento\\Integration\\Api\\AdminTokenServiceInterface::createAdminAccessToken': defineService({
      summary: 'Trade an admin username and password for an access token',
      args: credentials(),
      answer: TOKEN,
      async call({ username, password }, { meta, setHeader }) {
        validateCredentials(username, password);
        const token = await login.loginAdmin(username, password, meta, adminGate());
        announceLifetime(tokens.lifetimeSeconds(UserType.ADMIN), setHeader);
        return token;
      },
    }),
    'Magento\\Integration\\Api\\CustomerTokenServiceInterface::revokeCustomerAccessToken': defineService({
      summary: "Revoke every one of the customer's tokens",
      args: Type.Object({ customerId: Type.Integer() }),
      answer: TRUE,
      async call({ customerId }) {
        await tokens.revokeAllFor(UserType.CUSTOMER, customerId);
        return true;
      },
    }),
  };
}
