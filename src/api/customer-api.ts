import { Type } from 'typebox';
import { readCustomerInput } from '../accounts/customer-input.ts';
import type { CustomerService } from '../accounts/customer-service.ts';
import { SEARCH_CRITERIA_INPUT } from '../accounts/search-criteria-input.ts';
import { fieldRequired } from '../errors.ts';
import { toIntValue } from '../webapi/type-processor.ts';
import { asSent, defineService, readAs } from './define-service.ts';
import { ref, TRUE } from './payloads.ts';
import type { ServiceMethod } from './service-method.ts';

const REPOSITORY = 'Magento\\Customer\\Api\\CustomerRepositoryInterface';
const ACCOUNTS = 'Magento\\Customer\\Api\\AccountManagementInterface';
const customerId = () => Type.Integer();
// Documented as the document's `Customer`; read field by field as Magento reads `CustomerInterface`.
const customer = () => readAs(ref('Customer'), readCustomerInput);

/** Magento_Customer's repository and account management methods behind the customer routes. */
export function customerServices(customers: CustomerService): Record<string, ServiceMethod> {
  return {
    [`${REPOSITORY}::getById`]: defineService({
      summary: 'Read a customer',
      args: Type.Object({ customerId: customerId() }),
      answer: ref('Customer'),
      call: ({ customerId }) => customers.getById(customerId),
    }),
    [`${REPOSITORY}::save`]: defineService({
      summary: 'Update a customer; the keys sent replace the stored ones',
      args: Type.Object({ customer: customer(), passwordHash: Type.Optional(Type.String()) }),
      answer: ref('Customer'),
      async call({ customer: input }, { pathParams }) {
        // On the admin route the id in the path is authoritative; on /me the forced customer.id is.
        if (pathParams.customerId !== undefined || pathParams.id !== undefined) {
          const id = toIntValue(pathParams.customerId ?? pathParams.id);
          return customers.save(id, { ...input, id }, false);
        }
        if (typeof input.id !== 'number') throw fieldRequired('customerId');
        return customers.save(input.id, input, true);
      },
    }),
    [`${REPOSITORY}::deleteById`]: defineService({
      summary: 'Delete a customer and revoke its tokens',
      args: Type.Object({ customerId: customerId() }),
      answer: TRUE,
      call: ({ customerId }) => customers.deleteById(customerId),
    }),
    [`${REPOSITORY}::getList`]: defineService({
      summary:
        'Search customers (at least one searchCriteria parameter is needed; Magento clients send `searchCriteria=` for all)',
      // Parsed by the service, whose limits come from the settings.
      args: Type.Object({ searchCriteria: asSent(SEARCH_CRITERIA_INPUT) }),
      answer: ref('CustomerSearchResults'),
      call: ({ searchCriteria }) => customers.search(searchCriteria),
    }),
    [`${ACCOUNTS}::createAccount`]: defineService({
      summary: 'Create a customer account (sign-up)',
      args: Type.Object({
        customer: customer(),
        password: Type.Optional(Type.String()),
        redirectUrl: Type.Optional(Type.String()),
      }),
      answer: ref('Customer'),
      call: ({ customer: input, password }, { store, isAllowed }) =>
        customers.createAccount(input, password, store, isAllowed('Magento_Customer::manage')),
    }),
    [`${ACCOUNTS}::changePasswordById`]: defineService({
      summary: "Change the customer's password; its other tokens are revoked",
      args: Type.Object({ customerId: customerId(), currentPassword: Type.String(), newPassword: Type.String() }),
      answer: TRUE,
      call: ({ customerId, currentPassword, newPassword }, { principal }) =>
        customers.changePassword(
          customerId,
          currentPassword,
          newPassword,
          principal.kind === 'customer' ? (principal.tokenId ?? undefined) : undefined,
        ),
    }),
    [`${ACCOUNTS}::isEmailAvailable`]: defineService({
      summary: 'Whether an email address is free to sign up with',
      args: Type.Object({ customerEmail: Type.String(), websiteId: Type.Optional(Type.Integer()) }),
      answer: Type.Boolean(),
      call: ({ customerEmail, websiteId }, { store }) =>
        customers.isEmailAvailable(customerEmail, websiteId ?? store.website_id),
    }),
  };
}
