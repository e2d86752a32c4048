import { createHash } from 'node:crypto';
import type { RoleRuleStore } from './sign-in-stores.ts';
import type { TokenDigest } from './token.ts';

const roleKeys = new Map<number, TokenDigest>();

/** A role's cache key, digest-shaped like user keys so that it travels on the revocation broadcast. */
export function roleKey(roleId: number): TokenDigest {
  let key = roleKeys.get(roleId);
  if (!key) {
    key = createHash('sha256').update(`authorization_role:${roleId}`).digest('hex') as TokenDigest;
    // Role ids are few; the bound only stops this from growing without end.
    if (roleKeys.size < 10_000) roleKeys.set(roleId, key);
  }
  return key;
}

/**
 * An in-process cache of role resources that never answers stale: it answers only while its invalidation
 * (SQLite's data_version, or the revocation broadcast between nodes) is live, and a role's entry is dropped
 * on every node when its rules change.
 */
export interface RoleCache {
  findRole(roleId: number): ReadonlySet<string> | undefined;
  rememberRole(roleId: number, resources: ReadonlySet<string>): void;
}

export const noRoleCache: RoleCache = { findRole: () => undefined, rememberRole() {} };

export interface RoleResourcesDeps {
  /** Where role rules are read; the admin store provides them. */
  rules: RoleRuleStore;
  /** None means every admin call reads its role's rules. */
  cache?: RoleCache;
}

/** The ACL resources each admin role allows, through a cache so that admin calls do not read the rules each time. */
export class RoleResources {
  private readonly cache: RoleCache;

  constructor(private readonly deps: RoleResourcesDeps) {
    this.cache = deps.cache ?? noRoleCache;
  }

  /** The resources `roleId` allows when the cache holds them; undefined when the rules must be read. */
  cachedResourcesOf(roleId: number): ReadonlySet<string> | undefined {
    return this.cache.findRole(roleId);
  }

  /** The resources `roleId` allows, as the database holds them now. */
  async resourcesOf(roleId: number): Promise<ReadonlySet<string>> {
    const cached = this.cache.findRole(roleId);
    if (cached) return cached;
    const resources: ReadonlySet<string> = new Set(await this.deps.rules.roleResources(roleId));
    this.cache.rememberRole(roleId, resources);
    return resources;
  }
}
