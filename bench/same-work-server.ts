// The same-work yardstick: a server that does only the work Keyway's three read scenarios need, with nothing
// else (no route table, no store codes, no metrics, no hooks, no content negotiation), so that Keyway's cost
// can be read against the cost of the work itself. It runs the same SQL on the same SQLite file, answers the
// same bytes (Keyway's own record-to-JSON), and with SAME_WORK_CACHED=1 holds exactly what Keyway's caches may
// hold (token owners, customer records, role resources), checked per request against PRAGMA data_version as
// Keyway checks them. Without it, every request reads the token row and the record, as a cache miss does.
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { toCustomerData } from '../src/accounts/customer-data.ts';
import type { CustomerRecord } from '../src/accounts/customer-store.ts';
import { encodeJson } from '../src/codecs/json-codec.ts';
import { ROLE_RESOURCES } from '../src/storage/admin-store.ts';
import { SELECT_CUSTOMER_RECORD } from '../src/storage/customer-store.ts';
import { FIND_BY_DIGEST } from '../src/storage/token-store.ts';

interface Owner {
  user_type: number;
  user_id: number;
  website_id: number | null;
  role_id: number | null;
}

const file = process.env.SAME_WORK_DATABASE;
if (!file) throw new Error('SAME_WORK_DATABASE names the SQLite file');
const cached = process.env.SAME_WORK_CACHED === '1';
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
function checkFresh(): void {
  const version = dataVersion.get();
  if (version === seen) return;
  seen = version;
  owners.clear();
  records.clear();
  roles.clear();
}

function through<K, V>(cache: Map<K, V>, key: K, read: () => V | undefined): V | undefined {
  if (!cached) return read();
  let value = cache.get(key);
  if (value === undefined) {
    value = read();
    if (value !== undefined) cache.set(key, value);
  }
  return value;
}

const BEARER = /^Bearer ([0-9a-z]{32})$/;

function ownerOf(authorization: string | undefined): Owner | undefined {
  const token = BEARER.exec(authorization ?? '')?.[1];
  if (token === undefined) return undefined;
  if (cached) checkFresh();
  const digest = createHash('sha256').update(token).digest('hex');
  return through(owners, digest, () => findOwner.get(digest));
}

function record(id: number): CustomerRecord | undefined {
  return through(records, id, () => findRecord.get(id));
}

const UNAUTHORIZED = '{"message":"The consumer isn\'t authorized to access %resources."}';
const JSON_TYPE = 'application/json; charset=utf-8';

const app = Fastify({ logger: false });
app.get('/rest/V1/customers/me', (request, reply) => {
  const owner = ownerOf(request.headers.authorization);
  const row = owner?.user_type === 3 && owner.website_id !== null ? record(owner.user_id) : undefined;
  if (!row) return reply.code(401).type(JSON_TYPE).send(UNAUTHORIZED);
  return reply.type(JSON_TYPE).send(encodeJson(toCustomerData(row)));
});
app.get<{ Params: { id: string } }>('/rest/V1/customers/:id', (request, reply) => {
  const owner = ownerOf(request.headers.authorization);
  const roleId = owner?.user_type === 2 ? owner.role_id : null;
  const resources = roleId === null ? undefined : through(roles, roleId, () => new Set(roleRules.all(roleId)));
  if (!resources?.has('Magento_Customer::customer')) return reply.code(401).type(JSON_TYPE).send(UNAUTHORIZED);
  const row = record(Number(request.params.id));
  if (!row) return reply.code(404).type(JSON_TYPE).send('{"message":"No such entity."}');
  return reply.type(JSON_TYPE).send(encodeJson(toCustomerData(row)));
});
// With guest checkout login off (Magento's default since 2.4.7) the answer is true without a database read.
app.post<{ Body: { customerEmail?: unknown } }>('/rest/V1/customers/isEmailAvailable', (request, reply) => {
  if (typeof request.body?.customerEmail !== 'string') return reply.code(400).type(JSON_TYPE).send('{"message":"?"}');
  return reply.type(JSON_TYPE).send('true');
});

process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
await app.listen({ host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 0) });
