import { readCustomerInput } from '../accounts/customer-input.ts';
import type { CustomerService } from '../accounts/customer-service.ts';
import { fieldRequired } from '../errors.ts';
import { toIntValue } from '../webapi/type-processor.ts';
import type { ServiceMethod } from './service-method.ts';

const REPOSITORY = 'Magento\\Customer\\Api\\CustomerRepositoryInterface';
const ACCOUNTS = 'Magento\\Customer\\Api\\AccountManagementInterface';
const CUSTOMER_ID = { name: 'customerId', type: 'int', required: true } as const;

/** Magento_Customer's repository and account management methods behind the customer routes. */
export function customerServices(customers: CustomerService): Record<string, ServiceMethod> {
  return {
    [`${REPOSITORY}::getById`]: {
      args: [CUSTOMER_ID],
      call: ({ customerId }) => customers.getById(customerId as number),
    },
    [`${REPOSITORY}::save`]: {
      args: [
        { name: 'customer', type: 'any', required: true },
        { name: 'passwordHash', type: 'string', required: false },
      ],
      async call({ customer }, { pathParams }) {
        const input = readCustomerInput(customer);
        // On the admin route the id in the path is authoritative; on /me the forced customer.id is.
        if (pathParams.customerId !== undefined || pathParams.id !== undefined) {
          const id = toIntValue(pathParams.customerId ?? pathParams.id);
          return customers.save(id, { ...input, id }, false);
        }
        if (typeof input.id !== 'number') throw fieldRequired('customerId');
        return customers.save(input.id, input, true);
      },
    },
    [`${REPOSITORY}::deleteById`]: {
      args: [CUSTOMER_ID],
      call: ({ customerId }) => customers.deleteById(customerId as number),
    },
    [`${REPOSITORY}::getList`]: {
      args: [{ name: 'searchCriteria', type: 'any', required: true }],
      call: ({ searchCriteria }) => customers.search(searchCriteria),
    },
    [`${ACCOUNTS}::createAccount`]: {
      args: [
        { name: 'customer', type: 'any', required: true },
        { name: 'password', type: 'string', required: false },
        { name: 'redirectUrl', type: 'string', required: false },
      ],
      call: ({ customer, password }, { store, isAllowed }) =>
        customers.createAccount(
          readCustomerInput(customer),
          password as string | undefined,
          store,
          isAllowed('Magento_Customer::manage'),
        ),
    },
    [`${ACCOUNTS}::changePasswordById`]: {
      args: [
        CUSTOMER_ID,
        { name: 'currentPassword', type: 'string', required: true },
        { name: 'newPassword', type: 'string', required: true },
      ],
      call: ({ customerId, currentPassword, newPassword }, { principal }) =>
        customers.changePassword(
          customerId as number,
          currentPassword as string,
          newPassword as string,
          principal.kind === 'customer' ? principal.tokenId : undefined,
        ),
    },
    [`${ACCOUNTS}::isEmailAvailable`]: {
      args: [
        { name: 'customerEmail', type: 'string', required: true },
        { name: 'websiteId', type: 'int', required: false },
      ],
      call: ({ customerEmail, websiteId }, { store }) =>
        customers.isEmailAvailable(customerEmail as string, (websiteId as number | undefined) ?? store.website_id),
    },
  };
}
