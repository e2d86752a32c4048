// Magento's ACL tables as Keyway keeps them. An admin (user type 2) holds a `U` role row whose parent is a `G`
// group role carrying the rules; an integration (user type 1) holds a `U` row carrying its rules directly. User
// ids of the two types overlap (admin 3 and integration 3 both exist), so every lookup is by type and id, never
// by id alone: an integration's grants must never reach the admin with the same number.
import type { MagentoRole, MagentoRule } from './magento-source.ts';

export const ADMIN_USER_TYPE = 2;
export const INTEGRATION_USER_TYPE = 1;
const ALL = 'Magento_Backend::all';

/** A group role with the resource ids it allows (Magento's `allow` rules; `deny` rows grant nothing). */
export interface ImportedRole {
  magentoId: number;
  name: string;
  resources: string[];
}

export interface MagentoAcl {
  groups: ImportedRole[];
  /** The group role of an admin, by admin id; absent when the admin has no role (Magento gives it no token). */
  groupOfAdmin: Map<number, ImportedRole>;
  /** What an integration was granted, by integration id. */
  grantsOfIntegration: Map<number, { allResources: boolean; resources: string[] }>;
  refusals: string[];
}

function allowed(rules: readonly MagentoRule[]): string[] {
  const ids = rules.filter((rule) => rule.permission === 'allow').map((rule) => rule.resourceId);
  return ids.includes(ALL) ? [ALL] : [...new Set(ids)];
}

/** Reads roles and rules per user type. */
export function readAcl(roles: readonly MagentoRole[], rules: readonly MagentoRule[]): MagentoAcl {
  const rulesOf = new Map<number, MagentoRule[]>();
  for (const rule of rules) rulesOf.set(rule.roleId, [...(rulesOf.get(rule.roleId) ?? []), rule]);
  const refusals: string[] = [];
  const groups = new Map<number, ImportedRole>();
  const names = new Map<string, number>();
  for (const role of roles) {
    // Only admin groups: a group of another user type carries nothing an admin may use.
    if (role.roleType !== 'G' || (role.userType !== null && role.userType !== ADMIN_USER_TYPE)) continue;
    const known = names.get(role.name);
    // Keyway names roles uniquely; two Magento groups of one name would merge their grants silently.
    if (known !== undefined)
      refusals.push(`authorization_role ${role.id}: its name "${role.name}" is also role ${known}'s`);
    names.set(role.name, role.id);
    groups.set(role.id, { magentoId: role.id, name: role.name, resources: allowed(rulesOf.get(role.id) ?? []) });
  }
  const groupOfAdmin = new Map<number, ImportedRole>();
  const grantsOfIntegration = new Map<number, { allResources: boolean; resources: string[] }>();
  for (const role of roles) {
    if (role.roleType !== 'U') continue;
    if (role.userType === ADMIN_USER_TYPE) {
      const group = groups.get(role.parentId);
      if (group) groupOfAdmin.set(role.userId, group);
    } else if (role.userType === INTEGRATION_USER_TYPE) {
      const resources = allowed(rulesOf.get(role.id) ?? []);
      const allResources = resources.includes(ALL);
      grantsOfIntegration.set(role.userId, { allResources, resources: allResources ? [] : resources });
    }
  }
  return { groups: [...groups.values()], groupOfAdmin, grantsOfIntegration, refusals };
}
