/** Magento's user types (`UserContextInterface`), used on tokens and in the throttling log alike. */
export const UserType = { ADMIN: 2, CUSTOMER: 3 } as const;
export type UserType = (typeof UserType)[keyof typeof UserType];

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

/** Who is calling: what a bearer token proves, or a guest when there is no valid token. */
export type Principal = GuestPrincipal | CustomerPrincipal | AdminPrincipal;

export const GUEST: GuestPrincipal = Object.freeze({ kind: 'guest' });
