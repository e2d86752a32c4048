/** Magento's user types (`UserContextInterface`), used on tokens and in the throttling log alike. */
export const UserType = { INTEGRATION: 1, ADMIN: 2, CUSTOMER: 3 } as const;
export type UserType = (typeof UserType)[keyof typeof UserType];
/** The user types that sign in with a password: only they have sign-in events, lifetimes and session lists. */
export type SignInUserType = typeof UserType.ADMIN | typeof UserType.CUSTOMER;

export interface GuestPrincipal {
  kind: 'guest';
}
export interface CustomerPrincipal {
  kind: 'customer';
  customerId: number;
  websiteId: number;
  groupId: number;
  storeId: number;
  /** The token's session record; null for a JWT Keyway holds no record of (one Magento signed). */
  tokenId: number | null;
}
export interface AdminPrincipal {
  kind: 'admin';
  adminId: number;
  roleId: number;
  /** The ACL resource ids the admin's role allows; `Magento_Backend::all` allows everything. */
  resources: ReadonlySet<string>;
  /** The token's session record; null for a JWT Keyway holds no record of (one Magento signed). */
  tokenId: number | null;
}

/**
 * An Active integration (Magento's user type 1), proved by its access token: signed with OAuth 1.0a, or as a
 * Bearer token when `oauth/consumer/enable_integration_as_bearer` allows it. An inactive or deleted
 * integration proves nothing: its caller is a guest.
 */
export interface IntegrationPrincipal {
  kind: 'integration';
  integrationId: number;
  /** The ACL resource ids the integration was granted; "all resources" is `Magento_Backend::all`. */
  resources: ReadonlySet<string>;
  /** The `oauth_token` row of its access token. */
  tokenId: number;
}

/** Who is calling: what a bearer token (or a signed call) proves, or a guest when there is no valid one. */
export type Principal = GuestPrincipal | CustomerPrincipal | AdminPrincipal | IntegrationPrincipal;

export const GUEST: GuestPrincipal = Object.freeze({ kind: 'guest' });
