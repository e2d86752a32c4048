// A Magento "Customers Main File" export of any size, written as a stream so the generator stays small too.
// Rows look like a real 2.4 export: the full default header, every column filled as Magento fills it, and a
// version-1 password hash (a handful of them, reused: computing one per row adds nothing to what is measured).
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export const CUSTOMER_HEADER =
  'email,_website,_store,confirmation,created_at,created_in,disable_auto_group_change,dob,firstname,gender,' +
  'group_id,lastname,middlename,password_hash,prefix,rp_token,rp_token_created_at,store_id,suffix,taxvat,' +
  'updated_at,website_id,password';

/** The password behind every generated hash. */
export const GENERATED_PASSWORD = 'Generated#2024';

const HASHES = Array.from({ length: 8 }, (_, i) => {
  const salt = `salt${i}`.padEnd(32, 'x');
  return `${createHash('sha256')
    .update(salt + GENERATED_PASSWORD)
    .digest('hex')}:${salt}:1`;
});
const GENDERS = ['Male', 'Female', 'Not Specified', ''];

function row(i: number): string {
  const day = String((i % 28) + 1).padStart(2, '0');
  return [
    `customer${i}@example.com`,
    'base',
    'default',
    '',
    `2023-01-${day} 10:00:00`,
    'Default Store View',
    '0',
    `19${70 + (i % 30)}-05-${day}`,
    `First${i}`,
    GENDERS[i % GENDERS.length],
    '1',
    `Last${i}`,
    '',
    HASHES[i % HASHES.length],
    '',
    '',
    '',
    '1',
    '',
    '',
    `2024-02-${day} 11:30:00`,
    '1',
    '',
  ].join(',');
}

/** Writes `rows` customers to `path`, honouring the stream's backpressure. */
export async function writeCustomerCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${CUSTOMER_HEADER}\n`);
  let chunk: string[] = [];
  for (let i = 1; i <= rows; i++) {
    chunk.push(row(i));
    if (chunk.length === 1000 || i === rows) {
      if (!out.write(`${chunk.join('\n')}\n`)) await once(out, 'drain');
      chunk = [];
    }
  }
  out.end();
  await once(out, 'finish');
}
