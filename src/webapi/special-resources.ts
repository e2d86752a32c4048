/**
 * Route resources with a meaning of their own rather than an ACL id. Magento has `anonymous` and `self`;
 * Keyway adds two for its token-management routes, which any signed-in caller may use on its own tokens.
 */
export const SPECIAL_RESOURCES = {
  anonymous: 'everyone, with or without a token',
  self: 'the customer the token belongs to',
  self_admin: 'any admin user, whatever its role (Keyway)',
  authenticated: 'any valid customer or admin token (Keyway)',
} as const;

export type SpecialResource = keyof typeof SPECIAL_RESOURCES;

export function isSpecialResource(ref: string): ref is SpecialResource {
  return Object.hasOwn(SPECIAL_RESOURCES, ref);
}

/** Placeholders a route's `<data><parameter>` may name, filled from the caller's token. */
export const PARAMETER_PLACEHOLDERS = [
  '%customer_id%',
  '%customer_group_id%',
  '%customer_website_id%',
  '%customer_store_id%',
  '%admin_id%',
  '%token_id%',
] as const;
