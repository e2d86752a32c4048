/**
 * XML responses, written like Magento's renderer (`Webapi\Rest\Response\Renderer\Xml` + `Xml\Generator`,
 * DOMDocument with formatOutput).
 */
import { isXmlChar } from './xml-chars.ts';

/** `Renderer\Xml::_formatData` output: strings, non-empty lists, and maps keyed by `_prepareKey` names. */
type Formatted = string | Formatted[] | Map<string, Formatted>;

// libxml indents with at most 60 characters (MAX_INDENT), i.e. 30 levels of two spaces.
const MAX_INDENT_LEVELS = 30;
const ITEM = 'item';
const SKIPPED_TYPES = new Set(['undefined', 'function', 'symbol']);

/**
 * Renders a response as Magento does: `<?xml version="1.0"?>\n<response>…</response>\n`, two-space indents,
 * list items as `<item>`, booleans as `true`/`false`, null as empty text, keys sanitised like `_prepareKey`.
 */
export function encodeXml(value: unknown): string {
  const lines: string[] = [];
  render('response', format(value), 0, lines);
  return `<?xml version="1.0"?>\n${lines.join('\n')}\n`;
}

/** `_formatData`: objects become maps (or lists, when every key is digits), scalars become strings. */
function format(value: unknown): Formatted {
  if (isObject(value) && typeof value.toJSON === 'function') value = value.toJSON();
  if (!isObject(value)) return scalarText(value);
  // Like JSON: properties holding undefined, functions or symbols are skipped.
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((item, index) => [String(index), item])
    : Object.entries(value).filter(([, item]) => !SKIPPED_TYPES.has(typeof item));
  // PHP: `!preg_match('/^\d+$/', implode('', array_keys($data)))` decides between list and map.
  if (entries.length > 0 && entries.every(([key]) => /^\d+$/.test(key))) {
    return entries.map(([, item]) => format(item));
  }
  const map = new Map<string, Formatted>();
  for (const [key, item] of entries) map.set(prepareKey(key), format(item));
  return map;
}

function isObject(value: unknown): value is Record<string, unknown> & { toJSON?: unknown } {
  return typeof value === 'object' && value !== null;
}

/** `_formatValue` + PHP's `(string)` cast. */
function scalarText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return phpNumberText(value);
  if (typeof value === 'bigint') return value.toString();
  return ''; // null, undefined, functions, symbols
}

/** PHP's `(string)` of a number: integers in full, floats with `precision=14` (`%.14G`, e.g. `1.0E+25`). */
function phpNumberText(n: number): string {
  if (Number.isNaN(n)) return 'NAN';
  if (!Number.isFinite(n)) return n > 0 ? 'INF' : '-INF';
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  const [mantissa, exponentText] = n.toExponential(13).split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 14) return String(Number(n.toPrecision(14)));
  const digits = mantissa.replace(/\.?0+$/, '');
  return `${digits.includes('.') ? digits : `${digits}.0`}E${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
}

/** `_prepareKey`: drops punctuation, turns space and `:` into `_`, trims `_`, prefixes `item_` before [0-9,.-]. */
function prepareKey(key: string): string {
  const prepared = key
    .replace(/[!"#$%&'()*+,/;<=>?@[\\\]^`{|}~]/g, '')
    .replace(/[ :]/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[0-9,.-]/.test(prepared) ? `${ITEM}_${prepared}` : prepared;
}

/**
 * `Xml\Generator` strips what is not `[A-Za-z0-9_-]`. Where Magento would then fail to create the element
 * (empty name, leading digit or `-`) we prefix `item_` instead of answering 500.
 */
function elementName(key: string): string {
  const name = key.replace(/[^\w-]/g, '');
  if (name === '') return ITEM;
  return /^[0-9-]/.test(name) ? `${ITEM}_${name}` : name;
}

/** DOMDocument `saveXML()` with formatOutput: one element per line unless it holds text. */
function render(name: string, value: Formatted, level: number, lines: string[]): void {
  const indent = '  '.repeat(Math.min(level, MAX_INDENT_LEVELS));
  if (typeof value === 'string') {
    // An empty string still appends an (empty) text node, so the element is not self-closed.
    lines.push(`${indent}<${name}>${escapeText(value)}</${name}>`);
    return;
  }
  const children: [string, Formatted][] = Array.isArray(value)
    ? value.map((item) => [ITEM, item])
    : [...value].map(([key, item]) => [elementName(key), item]);
  if (children.length === 0) {
    lines.push(`${indent}<${name}/>`);
    return;
  }
  lines.push(`${indent}<${name}>`);
  for (const [childName, child] of children) render(childName, child, level + 1, lines);
  lines.push(`${indent}</${name}>`);
}

// Characters libxml escapes in text when the document declares no encoding (as Magento's does not).
const NEEDS_ESCAPE = /[<>&]|[^\t\n\x20-\x7f]/u;
const NEEDS_ESCAPE_ALL = new RegExp(NEEDS_ESCAPE.source, 'gu');

/**
 * libxml's `xmlEscapeEntities`: `<`, `>`, `&` as entities; CR and every non-ASCII character as an uppercase
 * hex character reference (`é` → `&#xE9;`). Characters XML cannot hold are dropped; lone surrogates become
 * U+FFFD.
 */
function escapeText(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(NEEDS_ESCAPE_ALL, (ch) => {
    if (ch === '<') return '&lt;';
    if (ch === '>') return '&gt;';
    if (ch === '&') return '&amp;';
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) return '&#xFFFD;';
    return isXmlChar(cp) ? `&#x${cp.toString(16).toUpperCase()};` : '';
  });
}
