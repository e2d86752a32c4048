// Ids are kept on import, so tokens and roles that name an id still mean the same person. That is only safe when
// Keyway holds nobody else under those ids: each check here answers the clashes, named, before anything is
// written. The same e-mail (customers), username (admins) or name (integrations) under the same id is an update.
import type { MagentoCustomer, MagentoStoreGroup, MagentoStoreView, MagentoWebsite } from './magento-source.ts';
import type { MagentoImportTarget, StoredPerson } from './magento-target.ts';

const fold = (text: string) => text.trim().toLowerCase();

/** Store ids and codes must mean the same store on both sides: customers and tokens name them by id. */
export async function storeClashes(
  target: MagentoImportTarget,
  websites: MagentoWebsite[],
  groups: MagentoStoreGroup[],
  views: MagentoStoreView[],
): Promise<string[]> {
  const clashes: string[] = [];
  const check = async (kind: 'website' | 'group' | 'store', table: string, rows: { id: number; code: string }[]) => {
    const stored = await target.storeCodes(kind);
    const byCode = new Map([...stored].map(([id, code]) => [code, id]));
    const incoming = new Set(rows.map((row) => row.id));
    for (const row of rows) {
      const code = stored.get(row.id);
      if (code !== undefined && code !== row.code) {
        clashes.push(`${table} ${row.id}: Keyway holds "${code}" under this id, Magento "${row.code}"`);
      }
      const other = byCode.get(row.code);
      // A code held under another id clashes unless that id is itself being rewritten by this import.
      if (other !== undefined && other !== row.id && !incoming.has(other)) {
        clashes.push(`${table} ${row.id}: code "${row.code}" is Keyway's ${kind} ${other}`);
      }
    }
  };
  await check('website', 'store_website', websites);
  await check('group', 'store_group', groups);
  await check('store', 'store', views);
  return clashes;
}

/** Admins: a stored admin under an imported id must have the same username, and a username one id. */
export function adminClashes(stored: StoredPerson[], incoming: { id: number; username: string }[]): string[] {
  const byId = new Map(stored.map((person) => [person.id, person]));
  const byName = new Map(stored.map((person) => [fold(person.key), person]));
  const clashes: string[] = [];
  for (const admin of incoming) {
    const sameId = byId.get(admin.id);
    if (sameId && fold(sameId.key) !== fold(admin.username)) {
      clashes.push(`admin_user ${admin.id} (${admin.username}): Keyway holds admin "${sameId.key}" under this id`);
    }
    const sameName = byName.get(fold(admin.username));
    if (sameName && sameName.id !== admin.id) {
      clashes.push(`admin_user ${admin.id} (${admin.username}): Keyway holds this username under id ${sameName.id}`);
    }
  }
  return clashes;
}

/** Customers of one page: the same checks by id and by (website, e-mail). */
export async function customerClashes(target: MagentoImportTarget, page: MagentoCustomer[]): Promise<string[]> {
  if (page.length === 0) return [];
  const stored = await target.customersMatching(
    page.map((c) => c.id),
    page.map((c) => ({ websiteId: c.websiteId, email: c.email })),
  );
  const byId = new Map(stored.map((person) => [person.id, person]));
  const byKey = new Map(stored.map((person) => [`${person.websiteId}/${fold(person.key)}`, person]));
  const clashes: string[] = [];
  for (const customer of page) {
    const sameId = byId.get(customer.id);
    if (sameId && (fold(sameId.key) !== fold(customer.email) || sameId.websiteId !== customer.websiteId)) {
      clashes.push(
        `customer_entity ${customer.id} (${customer.email}): Keyway holds customer ${sameId.key} of website ${sameId.websiteId} under this id`,
      );
    }
    const sameKey = byKey.get(`${customer.websiteId}/${fold(customer.email)}`);
    if (sameKey && sameKey.id !== customer.id) {
      clashes.push(
        `customer_entity ${customer.id} (${customer.email}): Keyway holds this e-mail under id ${sameKey.id}`,
      );
    }
  }
  return clashes;
}

/** Integrations by id and name, and consumer keys, which sign every OAuth call. */
export async function integrationClashes(
  target: MagentoImportTarget,
  incoming: { id: number; name: string; consumerKey: string }[],
): Promise<string[]> {
  const stored = await target.integrations();
  const consumers = await target.consumers();
  const byId = new Map(stored.map((i) => [i.id, i]));
  const byName = new Map(stored.map((i) => [i.name, i]));
  const ownerOfConsumer = new Map(stored.map((i) => [i.consumerId, i.id]));
  const clashes: string[] = [];
  for (const integration of incoming) {
    const sameId = byId.get(integration.id);
    if (sameId && sameId.name !== integration.name) {
      clashes.push(`integration ${integration.id} (${integration.name}): Keyway holds "${sameId.name}" under this id`);
    }
    const sameName = byName.get(integration.name);
    if (sameName && sameName.id !== integration.id) {
      clashes.push(
        `integration ${integration.id} (${integration.name}): Keyway holds this name under id ${sameName.id}`,
      );
    }
    for (const [consumerId, key] of consumers) {
      if (key === integration.consumerKey && ownerOfConsumer.get(consumerId) !== integration.id) {
        clashes.push(
          `integration ${integration.id} (${integration.name}): its consumer key is Keyway's consumer ${consumerId}`,
        );
      }
    }
  }
  return clashes;
}
