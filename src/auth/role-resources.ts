import type { Clock } from '../clock.ts';
import type { RoleRuleStore } from './sign-in-stores.ts';

const FRESH_MS = 5_000;

export interface RoleResourcesDeps {
  /** Where role rules are read; the admin store provides them. */
  rules: RoleRuleStore;
  clock: Clock;
}

/**
 * The ACL resources each admin role allows, kept for a few seconds so that admin calls do not read the rules
 * on every request. Roles are only created here, never narrowed, so a short staleness cannot widen access.
 */
export class RoleResources {
  private readonly cache = new Map<number, { resources: ReadonlySet<string>; loadedAt: number }>();

  constructor(private readonly deps: RoleResourcesDeps) {}

  /** The resources `roleId` allows, from a copy at most a few seconds old. */
  async resourcesOf(roleId: number): Promise<ReadonlySet<string>> {
    const cached = this.cache.get(roleId);
    const now = this.deps.clock.now();
    if (cached && now - cached.loadedAt < FRESH_MS && now >= cached.loadedAt) return cached.resources;
    const resources: ReadonlySet<string> = new Set(await this.deps.rules.roleResources(roleId));
    this.cache.set(roleId, { resources, loadedAt: now });
    return resources;
  }
}
