// How Magento writes single values in its export files (reference B.1), read back into Keyway's forms.

/**
 * Undoes Magento's CSV-injection guard: a value that began with `=`, `+`, `-` or `@` was written with one
 * leading space (a telephone `+49…` as ` +49…`). Only that one space goes; any other leading space is data.
 */
export function unguard(value: string): string {
  return value.length > 1 && value[0] === ' ' && '=+-@'.includes(value[1]) ? value.slice(1) : value;
}

/** An empty field is an absent value. */
export function orNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z?)?$/;
// What a spreadsheet writes back when the file was opened and saved: `09/01/24 12:49`, `9/1/2024 12:49:05`.
const SPREADSHEET = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

// The export's own form, `YYYY-MM-DD HH:MM:SS` (or a bare date), read without a regular expression: two
// dates on every row of a million-row file make this the import's hottest parser.
function exportParts(text: string): Parts | null {
  if ((text.length !== 19 && text.length !== 10) || text[4] !== '-' || text[7] !== '-') return null;
  if (text.length === 19 && (text[10] !== ' ' || text[13] !== ':' || text[16] !== ':')) return null;
  const at = (start: number, end: number) => {
    let value = 0;
    for (let i = start; i < end; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return Number.NaN;
      value = value * 10 + digit;
    }
    return value;
  };
  const long = text.length === 19;
  const p = {
    year: at(0, 4),
    month: at(5, 7),
    day: at(8, 10),
    hour: long ? at(11, 13) : 0,
    minute: long ? at(14, 16) : 0,
    second: long ? at(17, 19) : 0,
  };
  return Object.values(p).some(Number.isNaN) ? null : p;
}

function parts(text: string): Parts | null {
  const fast = exportParts(text);
  if (fast) return isReal(fast) ? fast : null;
  const iso = ISO.exec(text);
  const sheet = iso ? null : SPREADSHEET.exec(text);
  const m = iso ?? sheet;
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const time = { hour: Number(m[4] ?? 0), minute: Number(m[5] ?? 0), second: Number(m[6] ?? 0) };
  // Spreadsheets are month/day/year; a two-digit year follows their own rule: 00–29 → 20xx, 30–99 → 19xx.
  const date = iso
    ? { year: a, month: b, day: c }
    : { year: m[3].length === 2 ? (c < 30 ? 2000 + c : 1900 + c) : c, month: a, day: b };
  const candidate = { ...date, ...time };
  return isReal(candidate) ? candidate : null;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

// Rejects 2024-02-30 and 25:00. Arithmetic rather than a Date round trip: this runs twice per imported row.
function isReal(p: Parts): boolean {
  if (p.hour > 23 || p.minute > 59 || p.second > 59 || p.month < 1 || p.month > 12 || p.day < 1) return false;
  const leap = p.year % 4 === 0 && (p.year % 100 !== 0 || p.year % 400 === 0);
  return p.day <= (p.month === 2 && leap ? 29 : DAYS_IN_MONTH[p.month - 1]);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A Magento timestamp (UTC `YYYY-MM-DD HH:MM:SS`, or a spreadsheet's `m/d/y H:MM`), or null when unreadable. */
export function readTimestamp(text: string): string | null {
  const p = parts(text);
  return p && `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** A date of birth as `YYYY-MM-DD` (either form; a time part is dropped), or null when unreadable. */
export function readDate(text: string): string | null {
  const p = parts(text);
  return p && `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

// The export writes the admin store's option labels, not the ids; a file edited by hand may hold the ids.
const GENDERS: Record<string, number> = { male: 1, female: 2, 'not specified': 3, '1': 1, '2': 2, '3': 3 };

/** Magento's gender id for an exported label, or undefined when the label is not one of them. */
export function readGender(text: string): number | undefined {
  return GENDERS[text.trim().toLowerCase()];
}

/** A non-negative whole number written in decimal, or undefined. */
export function readWhole(text: string): number | undefined {
  return /^\d{1,9}$/.test(text) ? Number(text) : undefined;
}
