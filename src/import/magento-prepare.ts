// The first half of a Magento import: read every table except customers, convert, and check. Nothing is written;
// what could not be carried is a notice naming the row, what makes the import unsafe is a refusal.
import { isReadableMagentoHash } from '../auth/magento-hash.ts';
import { asRawToken, digestToken } from '../auth/token.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import { type MagentoAcl, readAcl } from './magento-acl.ts';
import { adminClashes, integrationClashes, storeClashes } from './magento-clashes.ts';
import type { MagentoDecrypter } from './magento-crypt.ts';
import { type EffectiveSettings, effectiveSettings } from './magento-settings.ts';
import { convertTfa, rekey, SecretUnreadable } from './magento-secrets.ts';
import type {
  MagentoAdmin,
  MagentoCustomerGroup,
  MagentoRevocation,
  MagentoSource,
  MagentoStoreGroup,
  MagentoStoreView,
  MagentoToken,
  MagentoWebsite,
} from './magento-source.ts';
import type { ImportedIntegration, ImportedTfa, ImportedToken, MagentoImportTarget } from './magento-target.ts';

export interface PreparedImport {
  websites: MagentoWebsite[];
  groups: MagentoStoreGroup[];
  views: MagentoStoreView[];
  customerGroups: MagentoCustomerGroup[];
  acl: MagentoAcl;
  /** Admins to carry, each with its group role. */
  admins: MagentoAdmin[];
  integrations: ImportedIntegration[];
  /** Live customer and admin tokens; those of customers not carried are dropped when customers are read. */
  tokens: (ImportedToken & { magentoId: number })[];
  revocations: MagentoRevocation[];
  tfa: ImportedTfa[];
  settings: EffectiveSettings;
  /** Records left out, counted per kind for the summary. */
  skipped: { admins: number; integrations: number; tokens: number; twoFactor: number };
  notices: string[];
  refusals: string[];
}

export interface PrepareOptions {
  source: MagentoSource;
  target: MagentoImportTarget;
  secrets: SecretBox;
  magentoKey?: MagentoDecrypter;
}

const USER_TYPE_ADMIN = 2;
const USER_TYPE_CUSTOMER = 3;

/** Reads and checks everything but customers. */
export async function prepareImport({ source, target, secrets, magentoKey }: PrepareOptions): Promise<PreparedImport> {
  const notices: string[] = [];
  const refusals: string[] = [];
  const skipped = { admins: 0, integrations: 0, tokens: 0, twoFactor: 0 };
  const [websites, groups, views] = [await source.websites(), await source.storeGroups(), await source.storeViews()];
  refusals.push(...(await storeClashes(target, websites, groups, views)));
  const customerGroups = await source.customerGroups();

  const acl = readAcl(await source.roles(), await source.rules());
  refusals.push(...acl.refusals);

  const admins: MagentoAdmin[] = [];
  for (const admin of await source.admins()) {
    if (!isReadableMagentoHash(admin.passwordHash)) {
      notices.push(
        `admin_user ${admin.id} (${admin.username}) not imported: its password hash is in a format Keyway cannot read`,
      );
      skipped.admins += 1;
    } else if (!acl.groupOfAdmin.has(admin.id)) {
      notices.push(
        `admin_user ${admin.id} (${admin.username}) not imported: it has no admin role, so Magento gave it no token`,
      );
      skipped.admins += 1;
    } else {
      admins.push(admin);
    }
  }
  refusals.push(...adminClashes(await target.admins(), admins));
  const adminIds = new Set(admins.map((admin) => admin.id));

  const revocations = await source.revocations();
  const revokedBefore = new Map(revocations.map((r) => [`${r.userTypeId}/${r.userId}`, r.revokeBefore]));
  const tokens: PreparedImport['tokens'] = [];
  const integrationTokens = new Map<number, MagentoToken>();
  for (const token of await source.accessTokens()) {
    if (token.consumerId !== null && token.adminId === null && token.customerId === null) {
      if (!token.revoked) integrationTokens.set(token.consumerId, token);
      continue;
    }
    const userType = token.adminId !== null ? USER_TYPE_ADMIN : USER_TYPE_CUSTOMER;
    const userId = (token.adminId ?? token.customerId)!;
    const raw = asRawToken(token.token);
    // Magento's revocation also ends opaque tokens issued up to revoke_before (RevokedValidator); Keyway checks
    // it for JWTs only, so such a token is dropped here.
    const revokeBefore = revokedBefore.get(`${userType}/${userId}`);
    const revoked = token.revoked || (revokeBefore !== undefined && Math.floor(token.createdAt / 1000) <= revokeBefore);
    if (!raw || revoked || (userType === USER_TYPE_ADMIN && !adminIds.has(userId))) {
      skipped.tokens += 1;
      continue;
    }
    tokens.push({ magentoId: token.id, digest: digestToken(raw), userType, userId, createdAt: token.createdAt });
  }

  const consumers = new Map((await source.consumers()).map((consumer) => [consumer.id, consumer]));
  const integrations: ImportedIntegration[] = [];
  for (const integration of await source.integrations()) {
    const consumer = integration.consumerId === null ? undefined : consumers.get(integration.consumerId);
    const named = `integration ${integration.id} (${integration.name})`;
    if (!consumer) {
      notices.push(`${named} not imported: it has no OAuth consumer`);
      skipped.integrations += 1;
      continue;
    }
    const token = integrationTokens.get(consumer.id);
    const raw = token && asRawToken(token.token);
    const grants = acl.grantsOfIntegration.get(integration.id) ?? { allResources: false, resources: [] };
    try {
      integrations.push({
        ...integration,
        ...grants,
        consumer: { ...consumer, encryptedSecret: rekey(consumer.secret, magentoKey, secrets) },
        accessToken:
          token && raw
            ? {
                digest: digestToken(raw),
                encryptedSecret: rekey(token.secret, magentoKey, secrets),
                createdAt: token.createdAt,
              }
            : null,
      });
    } catch (error) {
      if (!(error instanceof SecretUnreadable)) throw error;
      notices.push(`${named} not imported: its secret cannot be read (${error.message})`);
      skipped.integrations += 1;
    }
  }
  refusals.push(
    ...(await integrationClashes(
      target,
      integrations.map((i) => ({ id: i.id, name: i.name, consumerKey: i.consumer.key })),
    )),
  );

  const tfa: ImportedTfa[] = [];
  let needKey = 0;
  for (const row of await source.tfaConfigs()) {
    if (!adminIds.has(row.userId) || !row.encodedConfig) continue;
    try {
      const converted = convertTfa(row, magentoKey, secrets);
      tfa.push(converted.tfa);
      if (converted.leftBehind.length > 0) {
        notices.push(
          `tfa_user_config of admin ${row.userId}: ${converted.leftBehind.join(', ')} not carried (Keyway provides google only)`,
        );
      }
    } catch (error) {
      if (!(error instanceof SecretUnreadable)) throw error;
      skipped.twoFactor += 1;
      if (!magentoKey) needKey += 1;
      else notices.push(`tfa_user_config of admin ${row.userId} not imported: ${error.message}`);
    }
  }
  if (needKey > 0) {
    notices.push(
      `two-factor secrets of ${needKey} admin(s) not imported: they are encrypted with the shop's crypt/key; give --magento-crypt-key to carry them`,
    );
  }

  const settings = effectiveSettings(await source.config());
  notices.push(...settings.notices);
  refusals.push(...settings.refusals);
  return {
    websites,
    groups,
    views,
    customerGroups,
    acl,
    admins,
    integrations,
    tokens,
    revocations,
    tfa,
    settings,
    skipped,
    notices,
    refusals,
  };
}
