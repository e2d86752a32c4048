// `keyway import:magento`: carries a Magento 2.4 shop's people, roles, integrations, live tokens, revocations,
// two-factor secrets and settings into Keyway. Everything is read and checked first; a clash refuses the whole
// import before a single write. A dry run does the writes inside one transaction that the caller rolls back.
import { isReadableMagentoHash } from '../auth/magento-hash.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { CustomerImportStore } from './customer-import-store.ts';
import { customerClashes } from './magento-clashes.ts';
import { toImportedAddress, toImportedAdmin, toImportedCustomer } from './magento-convert.ts';
import type { MagentoDecrypter } from './magento-crypt.ts';
import { type PreparedImport, prepareImport } from './magento-prepare.ts';
import type { MagentoCustomer, MagentoSource } from './magento-source.ts';
import type { MagentoImportTarget } from './magento-target.ts';
import type { ImportProgress } from './progress.ts';
import { ImportSummary } from './summary.ts';

/** The import would be unsafe; nothing was written. `reasons` name the rows. */
export class MagentoImportRefused extends Error {
  constructor(readonly reasons: string[]) {
    const shown = reasons.slice(0, 3).join('; ');
    super(
      `import refused, nothing was written: ${shown}${reasons.length > 3 ? ` (and ${reasons.length - 3} more)` : ''}`,
    );
  }
}

export interface MagentoImportOptions {
  source: MagentoSource;
  target: MagentoImportTarget;
  customers: CustomerImportStore;
  /** Keyway's key, which every carried secret is re-encrypted under. */
  secrets: SecretBox;
  /** The shop's crypt/key, for the secrets Magento encrypted; without it those are left out with a notice. */
  magentoKey?: MagentoDecrypter;
  /** The caller rolls every write back (a dry run): sequences are then left alone. */
  dryRun: boolean;
  /** Now, as Keyway stores times in text (`YYYY-MM-DD HH:MM:SS`, UTC). */
  now: string;
  /** A line for the operator (stderr); never a secret. */
  notice(line: string): void;
  progress(label: string, total: number): ImportProgress;
  batchSize?: number;
}

/** Runs the import; answers what it did. */
export async function importFromMagento(options: MagentoImportOptions): Promise<ImportSummary> {
  const { target, dryRun } = options;
  const batchSize = options.batchSize ?? 500;
  const prepared = await prepareImport(options);
  const customerIds = await checkCustomers(options, prepared, batchSize);
  for (const notice of prepared.notices) options.notice(notice);
  if (prepared.refusals.length > 0) throw new MagentoImportRefused(prepared.refusals);

  const summary = new ImportSummary();
  summary.count('admins', 'skipped', prepared.skipped.admins);
  summary.count('integrations', 'skipped', prepared.skipped.integrations);
  summary.count('tokens', 'skipped', prepared.skipped.tokens);
  summary.count('two-factor', 'skipped', prepared.skipped.twoFactor);
  const tokens = prepared.tokens.filter((token) => token.userType === 2 || customerIds.carried.has(token.userId));
  summary.count('tokens', 'skipped', prepared.tokens.length - tokens.length);
  summary.count('customers', 'skipped', customerIds.skipped);
  for (const outcome of await target.upsertStores(prepared.websites, prepared.groups, prepared.views)) {
    summary.count('stores', outcome);
  }
  for (const outcome of await target.upsertCustomerGroups(prepared.customerGroups)) {
    summary.count('customer-groups', outcome);
  }
  const roleIds = new Map<number, number>();
  for (const role of prepared.acl.groups) {
    const { roleId, outcome } = await target.upsertRole(role.name, role.resources);
    roleIds.set(role.magentoId, roleId);
    summary.count('roles', outcome);
  }
  for (const admin of prepared.admins) {
    const group = prepared.acl.groupOfAdmin.get(admin.id)!;
    summary.count('admins', await target.upsertAdmin(toImportedAdmin(admin, roleIds.get(group.magentoId)!)));
    if (admin.lockExpires !== null) await target.lockAdmin(admin.username, admin.lockExpires);
  }
  await writeCustomers(options, customerIds.carried, batchSize, summary);
  for (const integration of prepared.integrations) {
    summary.count('integrations', await target.upsertIntegration(integration));
  }
  for (const outcome of await target.insertTokens(tokens)) summary.count('tokens', outcome);
  for (const r of prepared.revocations) {
    summary.count('revocations', await target.saveRevocation(r.userTypeId, r.userId, r.revokeBefore));
  }
  for (const tfa of prepared.tfa) summary.count('two-factor', await target.saveTfa(tfa));
  const stored = await target.settings();
  for (const [path, value] of prepared.settings.values) {
    const before = stored.get(path);
    if (before === value) {
      summary.count('settings', 'unchanged');
      continue;
    }
    await target.setSetting(path, value);
    summary.count('settings', before === undefined ? 'imported' : 'updated');
  }
  // Sequences move outside transactions on PostgreSQL: a dry run (rolled back by the caller) leaves them alone.
  if (!dryRun) await target.finish();
  return summary;
}

/** The customers a pass leaves out, named, and why; undefined when the customer carries over. */
function customerProblem(customer: MagentoCustomer, websiteIds: Set<number>): string | undefined {
  const named = `customer_entity ${customer.id} (${customer.email})`;
  if (customer.passwordHash && !isReadableMagentoHash(customer.passwordHash)) {
    return `${named} not imported: its password hash is in a format Keyway cannot read`;
  }
  if (!websiteIds.has(customer.websiteId)) return `${named} not imported: website ${customer.websiteId} does not exist`;
  return undefined;
}

/** The first pass over customers: checks every page for clashes and unreadable rows; writes nothing. */
async function checkCustomers(options: MagentoImportOptions, prepared: PreparedImport, batchSize: number) {
  const websiteIds = new Set(prepared.websites.map((website) => website.id));
  const carried = new Set<number>();
  let skipped = 0;
  let addresses = 0;
  const progress = options.progress('checking customers', await options.source.customerCount());
  try {
    for await (const page of options.source.customerPages(batchSize)) {
      const kept = page.customers.filter((customer) => {
        const problem = customerProblem(customer, websiteIds);
        if (problem) prepared.notices.push(problem);
        return problem === undefined;
      });
      skipped += page.customers.length - kept.length;
      prepared.refusals.push(...(await customerClashes(options.target, kept)));
      for (const customer of kept) carried.add(customer.id);
      addresses += page.addresses.filter((address) => carried.has(address.customerId)).length;
      progress.tick(page.customers.length);
    }
  } finally {
    progress.finish();
  }
  return { carried, skipped, addresses };
}

/** The second pass: customers and their addresses, one transaction per page. */
async function writeCustomers(
  options: MagentoImportOptions,
  carried: Set<number>,
  batchSize: number,
  summary: ImportSummary,
): Promise<void> {
  const progress = options.progress('customers', carried.size);
  try {
    for await (const page of options.source.customerPages(batchSize)) {
      const customers = page.customers.filter((customer) => carried.has(customer.id));
      for (const outcome of await options.customers.upsertCustomers(customers.map(toImportedCustomer), {
        now: options.now,
      })) {
        summary.count('customers', outcome);
      }
      const owners = new Map(customers.map((customer) => [customer.id, customer]));
      const addresses = page.addresses.filter((address) => owners.has(address.customerId));
      const outcomes = await options.customers.upsertAddresses(
        addresses.map((address) => toImportedAddress(address, owners.get(address.customerId)!)),
        { now: options.now },
      );
      for (const outcome of outcomes) summary.count('addresses', outcome === 'no-customer' ? 'skipped' : outcome);
      progress.tick(page.customers.length);
    }
  } finally {
    progress.finish();
  }
}
