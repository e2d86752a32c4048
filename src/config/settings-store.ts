/** Runtime settings by Magento config path, shared by every node through the database. */
export interface SettingsStore {
  all(): Promise<Map<string, string>>;
  set(path: string, value: string): Promise<void>;
}
