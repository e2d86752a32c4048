import { SETTINGS, checkSetting, isSettingPath, type SettingPath } from './setting-definitions.ts';
import type { SettingsStore } from './settings-store.ts';

export class SettingError extends Error {}

/**
 * Runtime settings read from an in-memory snapshot of the database, so the hot path never queries for them.
 * The snapshot is refreshed on an interval so that a `config:set` from another process or node takes effect.
 */
export class Settings {
  private snapshot: Map<string, string>;
  private timer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly store: SettingsStore,
    initial: Map<string, string>,
  ) {
    this.snapshot = initial;
  }

  static async load(store: SettingsStore): Promise<Settings> {
    return new Settings(store, await store.all());
  }

  /** An object whose identity changes whenever any setting does: what a decision read from settings is kept by. */
  get snapshotId(): object {
    return this.snapshot;
  }

  /** The stored value, or the default when none is stored. */
  get(path: SettingPath): string {
    return this.snapshot.get(path) ?? SETTINGS[path].defaultValue;
  }

  int(path: SettingPath): number {
    return Number.parseInt(this.get(path), 10) || 0;
  }

  /** A lifetime setting in milliseconds, or undefined when tokens never expire (empty or 0). */
  lifetimeMs(path: SettingPath): number | undefined {
    const hours = Number.parseFloat(this.get(path));
    return Number.isFinite(hours) && hours > 0 ? hours * 3_600_000 : undefined;
  }

  flag(path: SettingPath): boolean {
    return this.get(path) === '1';
  }

  /** Validates and stores a value; throws SettingError naming the path and what it expects. */
  async set(path: string, value: string): Promise<void> {
    if (!isSettingPath(path)) {
      throw new SettingError(`Unknown setting "${path}". Known settings: ${Object.keys(SETTINGS).join(', ')}`);
    }
    const problem = checkSetting(path, value);
    if (problem) throw new SettingError(problem);
    await this.store.set(path, value);
    this.snapshot = new Map(this.snapshot).set(path, value);
  }

  async refresh(): Promise<void> {
    this.snapshot = await this.store.all();
  }

  /** Re-reads the settings every `intervalMs`; a failed read keeps the last snapshot. */
  startRefreshing(intervalMs: number): void {
    this.stopRefreshing();
    this.timer = setInterval(() => void this.refresh().catch(() => {}), intervalMs);
    this.timer.unref();
  }

  stopRefreshing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
