// `node --import tsx bench/sign-in-statements.ts [--rounds N] [--seconds S] [--connections N] [--many-addresses]`:
// the database statements of a successful sign-in on PostgreSQL without the password hash (the opening, the
// release, the token insert), run flat out on N connections for a customer each, and what they cost: this
// process's CPU and PostgreSQL's own (its processes' user and system time from /proc) per sign-in. Rounds
// alternate the per-address table as Keyway creates it (unlogged) and as it was before migration 8 (logged).
// All sign-ins come from one address, as the login benchmark's do, unless --many-addresses.
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { blankProfile } from '../src/accounts/customer-profile.ts';
import { UserType } from '../src/auth/principal.ts';
import type { AddressReservation } from '../src/auth/throttle-store.ts';
import { digestToken, generateToken } from '../src/auth/token.ts';
import { openStores } from '../src/storage/stores.ts';
import { createBenchDatabase } from './database.ts';
import { processCpuMs } from './processes.ts';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '4' },
    connections: { type: 'string', default: '10' },
    'many-addresses': { type: 'boolean', default: false },
  },
});
/** User and system CPU of every PostgreSQL process on the machine so far, in ms. */
function postgresCpuMs(): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres')) total += processCpuMs(Number(pid));
    } catch {
      // A process that ended between the listing and the read.
    }
  }
  return total;
}

const db = await createBenchDatabase('postgres');
const stores = await openStores(db.url);
try {
  const emails = Array.from({ length: Number(args.connections) }, (_, i) => `statements${i}@example.com`);
  const profile = blankProfile({ websiteId: 1, storeId: 1, groupId: 1, createdIn: 'Default', updatedAt: '' });
  for (const email of emails)
    await stores.customers.insert({ ...profile, email, firstname: 'S', lastname: 'I' }, 'h', '');
  const signIn = async (email: string, now: number) => {
    const address = args['many-addresses'] ? email : '127.0.0.1';
    const limit = { key: address, maxFailures: 1_000_000, windowMs: 600_000 };
    const request = { address: limit, userName: email, userType: UserType.CUSTOMER, now, maxFailures: 6 };
    const opening = await stores.signIn.openCustomer(request, 1, email);
    if (opening.decision !== 'go' || !opening.account) throw new Error(`sign-in refused: ${opening.decision}`);
    const slot = opening.address as AddressReservation;
    await stores.throttle.releaseAttempt(email, UserType.CUSTOMER, 'passed', slot);
    const token = generateToken();
    const meta = { createdAt: now, expiresAt: null, ip: address, userAgent: 'bench' };
    await stores.tokens.insert({ digest: digestToken(token), userType: UserType.CUSTOMER, userId: 1, ...meta });
  };
  for (let round = 0; round < Number(args.rounds); round++) {
    const logged = round % 2 === 1;
    await stores.driver.exec(`ALTER TABLE oauth_token_address_log SET ${logged ? 'LOGGED' : 'UNLOGGED'}`);
    const end = performance.now() + Number(args.seconds) * 1000;
    let count = 0;
    const ownBefore = process.cpuUsage();
    const postgresBefore = postgresCpuMs();
    await Promise.all(
      emails.map(async (email) => {
        for (; performance.now() < end; count++) await signIn(email, Date.now());
      }),
    );
    const own = process.cpuUsage(ownBefore);
    const postgresUs = (postgresCpuMs() - postgresBefore) * 1000;
    console.log(
      `${logged ? 'logged  ' : 'unlogged'}: ${Math.round(count / Number(args.seconds))} sign-ins/s, ` +
        `CPU µs per sign-in: this process ${Math.round((own.user + own.system) / count)}, ` +
        `PostgreSQL ${Math.round(postgresUs / count)}`,
    );
  }
} finally {
  await stores.driver.close();
  await db.drop();
}
