// The loop every CSV import runs: parse the stream by header name, map each row, write good rows in batches
// of one transaction each, and name every bad row with its line. The file is streamed, never held: memory
// stays at one batch however long the file is.
import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { Columns } from './magento-columns.ts';
import type { RowResult } from './magento-customer-csv.ts';
import type { ImportProgress } from './progress.ts';
import type { ImportKind, ImportOutcome, ImportSummary } from './summary.ts';

/** A row left out, by its first line in the file. The reason never quotes a secret value. */
export interface BadRow {
  line: number;
  reason: string;
}

/** What one kind of file needs: its required columns, its row reader, and how a batch is written. */
export interface CsvImportJob<T> {
  kind: ImportKind;
  required: readonly string[];
  reader(columns: Columns): (record: readonly string[]) => RowResult<T>;
  /** Writes a batch in one transaction; per row an outcome, or the reason the row could not be written. */
  write(batch: readonly T[]): Promise<(Exclude<ImportOutcome, 'skipped'> | { reason: string })[]>;
}

export interface CsvImportRun {
  batchSize: number;
  summary: ImportSummary;
  progress: ImportProgress;
  /** Records a bad row; a promise makes the import wait (a report file that is behind). */
  onBadRow(row: BadRow): void | Promise<void>;
}

// Far above any real customer or address row (Magento's longest columns are a few hundred characters).
const MAX_RECORD_BYTES = 1024 * 1024;

/** A file that cannot be read at all (no header, a missing column, broken quoting); batches before it stay. */
export class CsvFileError extends Error {}

/** Imports one CSV stream; resolves when every row is written or reported. */
export async function runCsvImport<T>(input: Readable, job: CsvImportJob<T>, run: CsvImportRun): Promise<void> {
  // relax_column_count: a short or long row is one bad row, not the end of the import. max_record_size: a
  // quote never closed would otherwise gather the rest of the file into one field, in memory.
  const parser = input.pipe(
    parse({
      info: true,
      bom: true,
      skip_empty_lines: true,
      relax_column_count: true,
      max_record_size: MAX_RECORD_BYTES,
    }),
  );
  input.on('error', (error) => parser.destroy(error));
  let read: ((record: readonly string[]) => RowResult<T>) | undefined;
  let batch: T[] = [];
  let lines: number[] = [];
  let previous = { lines: 0, empty: 0 };

  const flush = async () => {
    if (batch.length === 0) return;
    const outcomes = await job.write(batch);
    for (const [index, outcome] of outcomes.entries()) {
      if (typeof outcome === 'string') run.summary.count(job.kind, outcome);
      else await bad(lines[index], outcome.reason);
    }
    run.progress.tick(batch.length);
    batch = [];
    lines = [];
  };
  const bad = async (line: number, reason: string) => {
    run.summary.count(job.kind, 'skipped');
    await run.onBadRow({ line, reason });
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number; empty_lines: number };
    }>) {
      // info.lines is the line a record ends on; it starts after the previous one and any empty lines.
      const line = previous.lines + 1 + (info.empty_lines - previous.empty);
      previous = { lines: info.lines, empty: info.empty_lines };
      if (!read) {
        const columns = new Columns(record);
        const missing = columns.missing(job.required);
        if (missing.length > 0) throw new CsvFileError(`no ${missing.join(', ')} column in the header`);
        read = job.reader(columns);
        continue;
      }
      const result = read(record);
      if (!result.ok) {
        await bad(line, result.reason);
        run.progress.tick(1);
        continue;
      }
      batch.push(result.value);
      lines.push(line);
      if (batch.length >= run.batchSize) await flush();
    }
  } catch (error) {
    if (error instanceof CsvFileError) throw error;
    const code = (error as { code?: string }).code;
    // csv-parse's own errors (CSV_*) say what broke and where; anything else (the database) passes through.
    if (typeof code === 'string' && code.startsWith('CSV_')) throw new CsvFileError((error as Error).message);
    throw error;
  }
  if (!read) throw new CsvFileError('the file is empty (no header)');
  await flush();
}
