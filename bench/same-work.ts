// The work of the three read scenarios and nothing else, as plain functions over one SQLite file: the same SQL
// Keyway runs, the same JSON it answers (its own record-to-JSON), and, when cached, exactly what Keyway's
// caches may hold (token owners, customer records and their JSON, role resources), checked against PRAGMA
// data_version on every request as Keyway checks them. The same-work server serves these over Fastify; the
// answer loop (bench/answer-loop.ts) calls them in process.
import Database from 'better-sqlite3';
import { heldCustomerData, toCustomerData } from '../src/accounts/customer-data.ts';
import { digestToken, type RawToken } from '../src/auth/token.ts';
import type { CustomerRecord } from '../src/accounts/customer-store.ts';
import { encodeJson } from '../src/codecs/json-codec.ts';
import { rememberEncodings } from '../src/codecs/shared-values.ts';
import { ROLE_RESOURCES } from '../src/storage/admin-store.ts';
import { SELECT_CUSTOMER_RECORD } from '../src/storage/customer-store.ts';
import { FIND_BY_DIGEST } from '../src/storage/token-store.ts';

interface Owner {
  user_type: number;
  user_id: number;
  website_id: number | null;
  role_id: number | null;
}

/** An answer: a status and its JSON text. */
export interface WorkAnswer {
  status: number;
  body: string;
}

const BEARER = /^Bearer ([0-9a-z]{32})$/;
const encodeHeld = rememberEncodings(encodeJson);
const UNAUTHORIZED: WorkAnswer = {
  status: 401,
  body: '{"message":"The consumer isn\'t authorized to access %resources."}',
};

export interface SameWork {
  customerMe(authorization: string | undefined): WorkAnswer;
  adminCustomer(authorization: string | undefined, id: string): WorkAnswer;
  /** With guest checkout login off (Magento's default since 2.4.7) the answer is true without a database read. */
  isEmailAvailable(body: { customerEmail?: unknown } | undefined): WorkAnswer;
}

export function openSameWork(file: string, cached: boolean): SameWork {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const findOwner = db.prepare<[string], Owner>(FIND_BY_DIGEST);
  const findRecord = db.prepare<[number], CustomerRecord>(SELECT_CUSTOMER_RECORD);
  const roleRules = db.prepare<[number], string>(ROLE_RESOURCES).pluck();
  const dataVersion = db.prepare('PRAGMA data_version').pluck();

  const owners = new Map<string, Owner>();
  const records = new Map<number, CustomerRecord>();
  const roles = new Map<number, Set<string>>();
  let seen = dataVersion.get();

  /** What Keyway's change watch does before a cached answer: another process's commit empties the caches. */
  const checkFresh = () => {
    const version = dataVersion.get();
    if (version === seen) return;
    seen = version;
    owners.clear();
    records.clear();
    roles.clear();
  };
  const through = <K, V>(cache: Map<K, V>, key: K, read: () => V | undefined): V | undefined => {
    if (!cached) return read();
    let value = cache.get(key);
    if (value === undefined) {
      value = read();
      if (value !== undefined) cache.set(key, value);
    }
    return value;
  };
  const ownerOf = (authorization: string | undefined): Owner | undefined => {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (token === undefined) return undefined;
    if (cached) checkFresh();
    // Keyway's own SHA-256 call (one-shot where Node has it), so both pay the same for the same hash.
    const digest = digestToken(token as RawToken);
    return through(owners, digest, () => findOwner.get(digest));
  };
  const record = (id: number) => through(records, id, () => findRecord.get(id));
  // A held record is encoded once, by Keyway's own means; a record read afresh, every time.
  const bodyOf = (row: CustomerRecord): string =>
    cached ? encodeHeld(heldCustomerData(row)) : encodeJson(toCustomerData(row));

  return {
    customerMe(authorization) {
      const owner = ownerOf(authorization);
      const row = owner?.user_type === 3 && owner.website_id !== null ? record(owner.user_id) : undefined;
      return row ? { status: 200, body: bodyOf(row) } : UNAUTHORIZED;
    },
    adminCustomer(authorization, id) {
      const owner = ownerOf(authorization);
      const roleId = owner?.user_type === 2 ? owner.role_id : null;
      const resources = roleId === null ? undefined : through(roles, roleId, () => new Set(roleRules.all(roleId)));
      if (!resources?.has('Magento_Customer::customer')) return UNAUTHORIZED;
      const row = record(Number(id));
      return row ? { status: 200, body: bodyOf(row) } : { status: 404, body: '{"message":"No such entity."}' };
    },
    isEmailAvailable(body) {
      if (typeof body?.customerEmail !== 'string') return { status: 400, body: '{"message":"?"}' };
      return { status: 200, body: 'true' };
    },
  };
}
