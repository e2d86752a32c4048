// Magento's export names websites and store views by code; Keyway keeps ids. The map is built from Keyway's
// own directory, so a code Keyway does not have is a bad row rather than a guess.
import type { StoreDirectory } from '../accounts/store-directory.ts';

export interface SiteMap {
  /** The id of a customer website (never the admin website 0), or undefined. */
  websiteId(code: string): number | undefined;
  /** The store view of a website; an empty code means the website's default view, `admin` store 0. */
  storeId(code: string, websiteId: number): number | undefined;
}

/** Builds the code-to-id maps once. */
export function createSiteMap(directory: StoreDirectory): SiteMap {
  const websites = new Map(directory.websites.filter((w) => w.id !== 0).map((w) => [w.code, w]));
  const views = new Map(directory.views.map((view) => [view.code, view]));
  const groups = new Map(directory.groups.map((group) => [group.id, group]));
  return {
    websiteId: (code) => websites.get(code.trim())?.id,
    storeId(code, websiteId) {
      const trimmed = code.trim();
      if (trimmed === '') {
        const website = directory.websites.find((w) => w.id === websiteId);
        return website && groups.get(website.default_group_id)?.default_store_id;
      }
      const view = views.get(trimmed);
      // Store 0 (admin) is where Magento puts customers created in the admin panel, whatever their website.
      if (!view || (view.id !== 0 && view.website_id !== websiteId)) return undefined;
      return view.id;
    },
  };
}
