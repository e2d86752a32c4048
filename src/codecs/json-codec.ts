/**
 * JSON bodies, decoded like Magento's `Deserializer\Json` (`json_decode($body, true)`) and encoded like its
 * Json renderer (plain `json_encode`), byte for byte.
 */
import secureJsonParse from 'secure-json-parse';
import { AppError } from '../errors.ts';

/** Deepest nesting of arrays/objects a request body may have; deeper bodies are a decoding error. */
export const MAX_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LETTER_U = 0x75;

/** Parses a request body, refusing anything PHP's `json_decode` would refuse and prototype-poisoning keys. */
export function decodeJson(text: string): unknown {
  try {
    // PHP's json_decode refuses a byte-order mark; secure-json-parse would silently skip it.
    if (text.charCodeAt(0) === 0xfeff) throw new Error('BOM');
    // Checked on the text, before parsing, so a hostile 100,000-deep body is refused without building it. A text
    // shorter than the depth limit cannot nest past it, and one without `\u` holds no escaped surrogate.
    if (text.length > MAX_DEPTH || text.includes('\\u')) checkDepthAndSurrogates(text);
    // `__proto__` and `constructor.prototype` keys are refused outright: the body ends up in plain objects. A
    // key can only spell either name literally or through an escape, so a text with neither name and no
    // backslash holds no such key, and JSON.parse alone decodes it the same (without two regular-expression scans).
    if (!text.includes('\\') && !text.includes('__proto__') && !text.includes('constructor')) return JSON.parse(text);
    return secureJsonParse(text, null, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    throw new AppError('decodingError');
  }
}

/**
 * One linear pass over the text: throws when arrays/objects nest deeper than MAX_DEPTH, or when a `\u`
 * escape leaves a UTF-16 surrogate unpaired (PHP answers JSON_ERROR_UTF16; JSON.parse would accept it).
 * Brackets inside strings are skipped. Malformed text may be miscounted, but JSON.parse refuses it anyway.
 */
function checkDepthAndSurrogates(text: string): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) i = endOfString(text, i + 1);
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_DEPTH) throw new Error('too deep');
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
}

/** Index of the quote closing the string that starts at `i`, checking surrogate escapes on the way. */
function endOfString(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i;
    if (c !== BACKSLASH) {
      i++;
    } else if (text.charCodeAt(i + 1) !== LETTER_U) {
      i += 2;
    } else {
      const unit = parseInt(text.slice(i + 2, i + 6), 16);
      if (unit >= 0xdc00 && unit <= 0xdfff) throw new Error('unpaired low surrogate');
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const low = text.startsWith('\\u', i + 6) ? parseInt(text.slice(i + 8, i + 12), 16) : NaN;
        if (!(low >= 0xdc00 && low <= 0xdfff)) throw new Error('unpaired high surrogate');
        i += 12;
      } else {
        i += 6;
      }
    }
  }
  return i;
}

// JSON.stringify output holds `/` and non-ASCII code units only inside strings, so they can be escaped after.
const PHP_ESCAPED = /[/\u0080-\uffff]/g;

/**
 * Serialises like PHP `json_encode($value)` with default flags: `/` as `\/`, every non-ASCII UTF-16 code unit
 * as lowercase `\uXXXX`, `'` literal. Otherwise as JSON.stringify (insertion order, `undefined` dropped).
 */
export function encodeJson(value: unknown): string {
  // The most common answer of all (`isEmailAvailable`, `delete`, a revocation) has nothing to escape.
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const json = JSON.stringify(value) ?? 'null';
  return json.replace(PHP_ESCAPED, (ch) =>
    ch === '/' ? '\\/' : '\\u' + ch.charCodeAt(0).toString(16).padStart(4, '0'),
  );
}

/**
 * Magento's `(array)` cast of a decoded body: objects are copied, arrays become index-keyed, `null` becomes
 * `{}`, any other scalar `s` becomes `{ '0': s }`. The result has a null prototype.
 */
export function toInputParams(decoded: unknown): Record<string, unknown> {
  const params: Record<string, unknown> = Object.create(null);
  if (decoded === null || decoded === undefined) return params;
  if (typeof decoded !== 'object') {
    params['0'] = decoded;
    return params;
  }
  for (const key in decoded) if (Object.hasOwn(decoded, key)) params[key] = (decoded as Record<string, unknown>)[key];
  return params;
}
