// What an import did, counted per kind of record and per outcome, and shown as a short table at the end.

/** The kinds of record an import from Magento carries. */
export const IMPORT_KINDS = [
  'stores',
  'customer-groups',
  'customers',
  'addresses',
  'admins',
  'roles',
  'integrations',
  'tokens',
  'revocations',
  'two-factor',
  'settings',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/**
 * What became of one record: new in Keyway, changed, already identical, or left out (a bad row; the report
 * says why).
 */
export const IMPORT_OUTCOMES = ['imported', 'updated', 'unchanged', 'skipped'] as const;
export type ImportOutcome = (typeof IMPORT_OUTCOMES)[number];

type Counts = Record<ImportOutcome, number>;

const zero = (): Counts => ({ imported: 0, updated: 0, unchanged: 0, skipped: 0 });

/** Counts outcomes per kind; renders only the kinds that were seen. */
export class ImportSummary {
  private readonly counts = new Map<ImportKind, Counts>();

  /** Adds `n` records of `kind` that ended as `outcome`. */
  count(kind: ImportKind, outcome: ImportOutcome, n = 1): void {
    let counts = this.counts.get(kind);
    if (!counts) {
      counts = zero();
      this.counts.set(kind, counts);
    }
    counts[outcome] += n;
  }

  /** The counts of one kind (zeros when none was seen). */
  of(kind: ImportKind): Readonly<Counts> {
    return { ...(this.counts.get(kind) ?? zero()) };
  }

  /** The counts of every outcome over all kinds. */
  totals(): Readonly<Counts> {
    const sum = zero();
    for (const counts of this.counts.values()) {
      for (const outcome of IMPORT_OUTCOMES) sum[outcome] += counts[outcome];
    }
    return sum;
  }

  /** A plain-text table: one row per kind seen, in the order of IMPORT_KINDS, one column per outcome. */
  render(): string {
    const kinds = IMPORT_KINDS.filter((kind) => this.counts.has(kind));
    const rows = [['', ...IMPORT_OUTCOMES], ...kinds.map((kind) => [kind, ...IMPORT_OUTCOMES.map(cell(this, kind))])];
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    return rows
      .map((row) => row.map((text, column) => (column === 0 ? text.padEnd(widths[0]) : text.padStart(widths[column]))))
      .map((row) => row.join('  ').trimEnd())
      .join('\n');
  }
}

function cell(summary: ImportSummary, kind: ImportKind) {
  return (outcome: ImportOutcome) => String(summary.of(kind)[outcome]);
}
