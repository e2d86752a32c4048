// The compare-then-write step every Magento import write shares, over one SQL text for both databases.
import type { UpsertOutcome } from '../import/customer-import-store.ts';
import type { SqlExecutor, SqlParam } from './sql/sql-driver.ts';

/** `?, ?, ...` for `n` values. */
export const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Equal as stored: the databases may answer a number column as text or number, and NULL as null. */
export const same = (a: unknown, b: unknown) => ((a ?? null) === null ? (b ?? null) === null : String(a) === String(b));

/**
 * Inserts the row, or updates the columns that differ; answers what happened. `values` maps every column,
 * the id column first.
 */
export async function upsertRow(
  tx: SqlExecutor,
  table: string,
  values: Record<string, SqlParam>,
): Promise<UpsertOutcome> {
  const [idColumn, id] = Object.entries(values)[0]!;
  const stored = await tx.get<Record<string, unknown>>(`SELECT * FROM ${table} WHERE ${idColumn} = ?`, [id]);
  const columns = Object.keys(values);
  if (!stored) {
    await tx.run(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders(columns.length)})`,
      Object.values(values),
    );
    return 'imported';
  }
  const changed = columns.filter((column) => !same(stored[column], values[column]));
  if (changed.length === 0) return 'unchanged';
  await tx.run(`UPDATE ${table} SET ${changed.map((c) => `${c} = ?`).join(', ')} WHERE ${idColumn} = ?`, [
    ...changed.map((c) => values[c]!),
    id,
  ]);
  return 'updated';
}
