import type { LoginService } from '../auth/login-service.ts';
import { UserType } from '../auth/principal.ts';
import type { TokenService } from '../auth/token-service.ts';
import { aggregate, fieldRequired } from '../errors.ts';
import type { ServiceMethod } from './service-method.ts';

const CREDENTIALS = [
  { name: 'username', type: 'string', required: true },
  { name: 'password', type: 'string', required: true },
] as const;

/** Magento's `CredentialsValidator`: empty strings pass the input processor but are refused here, together. */
function validateCredentials(username: string, password: string): void {
  const error = aggregate([
    ...(username.length === 0 ? [fieldRequired('username')] : []),
    ...(password.length === 0 ? [fieldRequired('password')] : []),
  ]);
  if (error) throw error;
}

/** Magento_Integration's token services. */
export function integrationServices(login: LoginService, tokens: TokenService): Record<string, ServiceMethod> {
  return {
    'Magento\\Integration\\Api\\CustomerTokenServiceInterface::createCustomerAccessToken': {
      args: CREDENTIALS,
      async call({ username, password }, { store, meta }) {
        validateCredentials(username as string, password as string);
        // The admin store ("all") signs customers in to the default website.
        const websiteId = store.website_id === 0 ? 1 : store.website_id;
        return login.loginCustomer(username as string, password as string, websiteId, meta);
      },
    },
    'Magento\\Integration\\Api\\AdminTokenServiceInterface::createAdminAccessToken': {
      args: CREDENTIALS,
      async call({ username, password }, { meta }) {
        validateCredentials(username as string, password as string);
        return login.loginAdmin(username as string, password as string, meta);
      },
    },
    'Magento\\Integration\\Api\\CustomerTokenServiceInterface::revokeCustomerAccessToken': {
      args: [{ name: 'customerId', type: 'int', required: true }],
      async call({ customerId }) {
        await tokens.revokeAllFor(UserType.CUSTOMER, customerId as number);
        return true;
      },
    },
  };
}
