import type { Principal } from '../auth/principal.ts';
import type { RouteParameter } from '../webapi/route.ts';
import { asPropertyKey } from '../webapi/property-key.ts';
import { isRecord, snakeCase } from '../webapi/type-processor.ts';

/** Magento's parameter overriders: placeholders a route's `<data>` may name, filled from the caller's token. */
function overriddenValue(placeholder: string | null, principal: Principal): unknown {
  const customer = principal.kind === 'customer' ? principal : undefined;
  switch (placeholder) {
    case '%customer_id%':
      return customer ? customer.customerId : null;
    case '%customer_group_id%':
      return customer ? customer.groupId : null;
    case '%customer_website_id%':
      return customer ? customer.websiteId : null;
    case '%customer_store_id%':
      return customer ? customer.storeId : null;
    case '%admin_id%':
      return principal.kind === 'admin' ? principal.adminId : null;
    case '%token_id%':
      return principal.kind === 'guest' ? null : principal.tokenId;
    default:
      return placeholder;
  }
}

/** A route's forced parameters, worked out once: each path split and each leaf in snake_case. */
export type ForcedParameters = (input: Record<string, unknown>, principal: Principal) => void;

/**
 * Magento's `ParamsOverrider` for one route's `<data><parameter>` values: a forced one always replaces what the
 * client sent, in any spelling (`customerId`, `customer_id`, `Id`...), so a customer can never name another.
 * Compiled when the route is first called; a route with none costs nothing per request.
 */
export function compileForcedParameters(parameters: readonly RouteParameter[]): ForcedParameters {
  if (parameters.length === 0) return () => {};
  const plan = parameters.map((parameter) => {
    const path = parameter.name.split('.').map(asPropertyKey);
    const leaf = path.pop()!;
    return { path, leaf, snakeLeaf: snakeCase(leaf), force: parameter.force, value: parameter.value };
  });
  return (input, principal) => {
    for (const parameter of plan) {
      const container = containerAt(input, parameter.path);
      // A non-object where the path needs one is left for the type check to refuse.
      if (!container) continue;
      let present = false;
      for (const key in container) {
        if (snakeCase(key) !== parameter.snakeLeaf) continue;
        if (!parameter.force) {
          present = true;
          break;
        }
        delete container[key];
      }
      if (!present) container[parameter.leaf] = overriddenValue(parameter.value, principal);
    }
  };
}

/** The object at `path` inside the input, made where missing; undefined when a non-object is in the way. */
function containerAt(input: Record<string, unknown>, path: readonly string[]): Record<string, unknown> | undefined {
  let container: Record<string, unknown> = input;
  for (const key of path) {
    const next: unknown = container[key];
    if (next === undefined) container[key] = Object.create(null);
    else if (!isRecord(next)) return undefined;
    container = container[key] as Record<string, unknown>;
  }
  return container;
}
