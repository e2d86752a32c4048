import type { Principal } from '../auth/principal.ts';

/** What a resource check needs to know of the store the URL names. */
export interface StoreScope {
  readonly id: number;
  readonly website_id: number;
}

type Kind = Principal['kind'];
type PrincipalOf<K extends Kind> = Extract<Principal, { kind: K }>;

/**
 * One answer per principal kind. A mapped type, so a new `Principal['kind']` (an `integration`, say) fails to
 * compile until every table below has its entry: the ACL ids it holds, and for each special resource whether
 * it is admitted (`anonymous` yes, `self` never).
 */
export type PerKind<Answer> = { readonly [K in Kind]: (principal: PrincipalOf<K>, store: StoreScope) => Answer };

/** Asks a per-kind table about one principal. */
function ask<Answer>(table: PerKind<Answer>, principal: Principal, store: StoreScope): Answer {
  // TypeScript cannot pair `table[principal.kind]` with `principal`'s own kind; the mapped type guarantees it.
  const answer = table[principal.kind] as (principal: Principal, store: StoreScope) => Answer;
  return answer(principal, store);
}

const ALLOW_EVERYTHING = 'Magento_Backend::all';
const NONE: ReadonlySet<string> = new Set();

/** The ACL resource ids each kind of caller holds: an admin's role, or what an integration was granted. */
const ACL_RESOURCES: PerKind<ReadonlySet<string>> = {
  guest: () => NONE,
  customer: () => NONE,
  admin: (admin) => admin.resources,
  // Magento checks the integration's own role (user type 1); "all resources" is `Magento_Backend::all`.
  integration: (integration) => integration.resources,
};

/** Whether the caller's ACL allows a resource id: exactly, or through `Magento_Backend::all`. */
export function aclAllows(principal: Principal, resource: string, store: StoreScope): boolean {
  const held = ask(ACL_RESOURCES, principal, store);
  return held.has(ALLOW_EVERYTHING) || held.has(resource);
}

const always = () => true;
const never = () => false;

/** A route resource with a meaning of its own rather than an ACL id. */
export interface SpecialResource {
  /** What the OpenAPI document says a caller needs; a route with none needs no token. */
  readonly needs: string | null;
  readonly admits: PerKind<boolean>;
}

/**
 * Magento has `anonymous` and `self`; Keyway adds two for its token-management routes, which any signed-in
 * caller may use on its own tokens. `authorize` enforces this table and the document describes it.
 */
export const SPECIAL_RESOURCES = {
  anonymous: {
    needs: null,
    // Magento's GuestAuthorization plugin: with or without a token, valid or not.
    admits: { guest: always, customer: always, admin: always, integration: always },
  },
  self: {
    needs: "a customer token, acting on the customer's own account (`self`)",
    admits: {
      guest: never,
      // Magento's customer Authorization: the store must be among the customer's shared stores, that is, of
      // its own website; the admin store (id 0, website 0) never is.
      customer: (customer, store) => store.id !== 0 && store.website_id === customer.websiteId,
      // `self` is no ACL id, so Magento's ACL falls back to the role's default: only `Magento_Backend::all`.
      admin: (admin) => admin.resources.has(ALLOW_EVERYTHING),
      // Never, even with all resources: `self` routes act on the caller's customer account, which an
      // integration does not have (Magento's customer Authorization plugin answers only for user type 3, and
      // an all-resources integration would otherwise reach `/V1/customers/me` with no customer to act on).
      integration: never,
    },
  },
  self_admin: {
    needs: 'an admin token of any role (`self_admin`)',
    // An integration is no admin user: it has no admin id for the route to act on.
    admits: { guest: never, customer: never, admin: always, integration: never },
  },
  authenticated: {
    needs: 'any customer or admin token (`authenticated`)',
    // Not an integration: these routes manage the caller's own sign-in sessions, and an integration has
    // none; its access token is replaced by reauthorizing it (Magento has no revocation route for it either).
    admits: { guest: never, customer: always, admin: always, integration: never },
  },
} as const satisfies Readonly<Record<string, SpecialResource>>;

export type SpecialResourceName = keyof typeof SPECIAL_RESOURCES;

/** Whether a route resource is one of the table's rather than an ACL id. */
export function isSpecialResource(ref: string): ref is SpecialResourceName {
  return Object.hasOwn(SPECIAL_RESOURCES, ref);
}

/** Whether the caller may use one route resource through this store: a special one by the table, else the ACL. */
export function admits(principal: Principal, resource: string, store: StoreScope): boolean {
  if (!isSpecialResource(resource)) return aclAllows(principal, resource, store);
  const special: SpecialResource = SPECIAL_RESOURCES[resource];
  return ask(special.admits, principal, store);
}

/** Whether a route's resources let a caller in without a token (then the document makes the token optional). */
export function tokenOptional(resources: readonly string[]): boolean {
  return resources.some((resource) => isSpecialResource(resource) && SPECIAL_RESOURCES[resource].needs === null);
}

/** Who may call a route, in words, for the document; ACL ids are what an admin role must allow. */
export function describeResources(resources: readonly string[]): string {
  const open = resources.find((resource) => isSpecialResource(resource) && SPECIAL_RESOURCES[resource].needs === null);
  if (open) return `Anyone may call this route (resource \`${open}\`).`;
  const acl = resources.filter((resource) => !isSpecialResource(resource));
  const parts: string[] = resources.flatMap((resource) =>
    isSpecialResource(resource) ? (SPECIAL_RESOURCES[resource].needs ?? []) : [],
  );
  if (acl.length > 0) {
    const ids = acl.map((id) => `\`${id}\``).join(' and ');
    parts.push(`an admin token whose role allows ${ids} (or an integration granted them)`);
  }
  return `Needs ${parts.join(', and ')}.`;
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
