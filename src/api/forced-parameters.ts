import type { Principal } from '../auth/principal.ts';
import type { RouteParameter } from '../webapi/route.ts';
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

/**
 * Applies a route's `<data><parameter>` values (`ParamsOverrider`): a forced one always replaces what the
 * client sent, in any spelling (`customerId`, `customer_id`, `Id`...), so a customer can never name another.
 */
export function applyForcedParameters(
  input: Record<string, unknown>,
  parameters: readonly RouteParameter[],
  principal: Principal,
): void {
  for (const parameter of parameters) {
    const path = parameter.name.split('.');
    const leaf = path.pop()!;
    let container: Record<string, unknown> | undefined = input;
    for (const key of path) {
      const next: unknown = container[key];
      if (next === undefined) container[key] = Object.create(null);
      else if (!isRecord(next)) {
        container = undefined;
        break;
      }
      container = container[key] as Record<string, unknown>;
    }
    // A non-object where the path needs one is left for the type check to refuse.
    if (!container) continue;
    const present = Object.keys(container).filter((key) => snakeCase(key) === snakeCase(leaf));
    if (!parameter.force && present.length > 0) continue;
    for (const key of present) delete container[key];
    container[leaf] = overriddenValue(parameter.value, principal);
  }
}
