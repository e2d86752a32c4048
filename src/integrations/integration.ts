import type { IntegrationPrincipal } from '../auth/principal.ts';

/** Magento's `Integration::STATUS_*`: Inactive until activated, Active once an access token exists, Reset (config). */
export const IntegrationStatus = { INACTIVE: 0, ACTIVE: 1, RESET: 2 } as const;
export type IntegrationStatus = (typeof IntegrationStatus)[keyof typeof IntegrationStatus];

/** The status labels of Magento's `Integration/Source/Status`. */
export const STATUS_LABELS: Record<IntegrationStatus, string> = { 0: 'Inactive', 1: 'Active', 2: 'Reset' };

/** Magento's `Integration::TYPE_*`: created by an admin (manual) or from a module's XML (config). */
export const SetupType = { MANUAL: 0, CONFIG: 1 } as const;

/** The ACL id that grants everything; an "all resources" integration holds exactly this one. */
export const ALL_RESOURCES = 'Magento_Backend::all';

/** What an admin decides about an integration (Magento's admin form, without the password check). */
export interface IntegrationInput {
  name: string;
  /** May be empty, as in Magento. */
  email: string;
  /** Where the credentials are POSTed on activation; null for a manual integration. */
  endpoint: string | null;
  identityLinkUrl: string | null;
  allResources: boolean;
  /** ACL resource ids; ignored when `allResources`. */
  resources: readonly string[];
}

/** An integration as stored: never its secrets (the consumer secret is read only when it must be shown). */
export interface Integration extends IntegrationInput {
  id: number;
  status: IntegrationStatus;
  setupType: number;
  consumerId: number;
  /** The consumer key: an identifier, kept in clear. */
  consumerKey: string;
  /** Milliseconds since 1970. */
  createdAt: number;
  updatedAt: number;
}

/** A new OAuth token and its secret, in clear: answered once, then only a digest and a ciphertext remain. */
export interface TokenPair {
  token: string;
  secret: string;
}

/** An Active integration found by its consumer: what a signed call needs to build the principal. */
export interface ActiveIntegration {
  id: number;
  /** The granted ACL ids; `Magento_Backend::all` when it has all resources. */
  resources: readonly string[];
}

/** The ACL ids an integration holds, with "all resources" as `Magento_Backend::all`. */
export function grantedResources(integration: Pick<IntegrationInput, 'allResources' | 'resources'>): string[] {
  return integration.allResources ? [ALL_RESOURCES] : [...integration.resources];
}

/** The principal of a call an Active integration's access token proves (signed, or as a Bearer token). */
export function integrationPrincipal(integration: ActiveIntegration, tokenId: number): IntegrationPrincipal {
  return { kind: 'integration', integrationId: integration.id, resources: new Set(integration.resources), tokenId };
}
