/** The HTTP methods a webapi.xml route may declare (Magento's webapi_base.xsd enumeration). */
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A `<data><parameter>`: a value written into the service input, e.g. the caller's id for `self` routes. */
export interface RouteParameter {
  readonly name: string;
  /** true: overwrite whatever the client sent; false: only fill the value in when the client sent none. */
  readonly force: boolean;
  /** The trimmed element text; null when the text is the string "null", as Magento's Converter does. */
  readonly value: string | null;
}

/** One `<route>` of a webapi.xml file, validated and frozen. */
export interface Route {
  readonly method: HttpMethod;
  /** As declared, e.g. '/V1/customers/:customerId'. */
  readonly url: string;
  /** PHP class name without a leading backslash, e.g. 'Magento\\Customer\\Api\\CustomerRepositoryInterface'. */
  readonly serviceClass: string;
  readonly serviceMethod: string;
  /** `<resource ref>` values in declaration order: 'anonymous', 'self' or ACL ids; all must be allowed. */
  readonly resources: readonly string[];
  readonly parameters: readonly RouteParameter[];
  /** `secure="true"`: Magento refuses the route over plain HTTP. */
  readonly secure: boolean;
  /** Where the `<route>` element starts, for error messages. */
  readonly source: { readonly file: string; readonly line: number };
}

/** "METHOD url", the way error messages name a route. */
export function routeLabel(route: Pick<Route, 'method' | 'url'>): string {
  return `${route.method} ${route.url}`;
}
