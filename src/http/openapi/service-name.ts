/**
 * Magento's `ServiceMetadata::getServiceName`: `Magento\Customer\Api\CustomerRepositoryInterface` at `/V1/`
 * is `customerCustomerRepositoryV1`. Magento's own schema uses these names for tags and for `?services=`,
 * so clients that ask for one service by name get the same answer from Keyway.
 */
export function serviceName(serviceClass: string, url: string): string {
  const version = /^\/?(V\d+)\//.exec(url)?.[1] ?? '';
  const match = /^\\?(.+?)\\(.+?)\\Api\\(.+)Interface$/.exec(serviceClass);
  if (!match) return lowerFirst(serviceClass.replace(/\\/g, '').replace(/Interface$/, '')) + version;
  const [, vendor, module, rest] = match as unknown as [string, string, string, string];
  const parts = rest.split('\\');
  // Magento drops its own vendor name, and a module name the service name repeats.
  const head = (vendor === 'Magento' ? '' : vendor) + (module === parts[0] ? '' : module) + parts.shift();
  return lowerFirst([head, ...parts].join('')) + version;
}

/** Magento's operation id: service name, method and HTTP method, e.g. `customerCustomerRepositoryV1GetByIdGet`. */
export function operationId(service: string, method: string, httpMethod: string): string {
  return service + upperFirst(method) + upperFirst(httpMethod.toLowerCase());
}

/** Magento's `Rest\Request::getRequestedServices` format: `all`, or names like `customerCustomerRepositoryV1,...`. */
export const REQUESTED_SERVICES = /^([a-zA-Z\d]*V\d+)(,[a-zA-Z\d]*V\d+)*$/;

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
const upperFirst = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
