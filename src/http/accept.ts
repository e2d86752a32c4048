/**
 * Accept header → response format, with Magento's algorithm (`Webapi\Rest\Request::getAcceptTypes` and
 * `Rest\Response\RendererFactory`), quirks included.
 */
import type { BodyFormat } from './content-type.ts';

// Work bounds. A header longer than this, or with more entries, matches nothing (the caller answers 406);
// real clients send a handful of entries in well under 200 characters.
const MAX_LENGTH = 4096;
const MAX_ENTRIES = 64;

// The renderers of `Magento/Webapi/etc/di.xml`, in config order, with each type's major part precomputed.
const RENDERERS: ReadonlyArray<{ type: string; majorWildcard: string; format: BodyFormat }> = [
  ['*/*', 'json'],
  ['application/json', 'json'],
  ['text/xml', 'xml'],
  ['application/xml', 'xml'],
  ['application/xhtml+xml', 'xml'],
].map(([type, format]) => ({ type, majorWildcard: `${type.split('/')[0]}/*`, format: format as BodyFormat }));

const MIME_TYPE = /^[0-9a-z*+-]+(?:\/[0-9a-z*+.-]+)?$/i;
// PHP's `trim()` characters and PCRE's `\s` (no Unicode spaces).
const PHP_TRIM = /^[ \t\n\r\0\x0B]+|[ \t\n\r\0\x0B]+$/g;
const ENTRY_SEPARATOR = /,[ \t\n\x0B\f\r]*/;
// A PHP 8 numeric string (leading and trailing whitespace allowed).
const NUMERIC = /^[ \t\n\r\x0B\f]*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?[ \t\n\r\x0B\f]*$/;

// Results for the few header values real clients send. Bounded: cleared when full, long values not kept.
const CACHE_SIZE = 64;
const CACHE_KEY_LENGTH = 256;
const cache = new Map<string, BodyFormat | null>();

/** The response format for an Accept header; undefined when no renderer matches (Magento answers 406). */
export function negotiateAccept(header: string | undefined): BodyFormat | undefined {
  if (!header) return 'json'; // no Accept means `*/*`
  const cached = cache.get(header);
  if (cached !== undefined) return cached ?? undefined;
  const format = match(acceptTypes(header));
  if (header.length <= CACHE_KEY_LENGTH) {
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(header, format ?? null);
  }
  return format;
}

/**
 * `Request::getAcceptTypes`: the valid media types by q descending, first occurrence kept. A missing header,
 * or one with no valid type, gives the wildcard type alone; one over the work bounds gives `[]`.
 */
export function acceptTypes(header: string | undefined): string[] {
  if (!header) return ['*/*'];
  if (header.length > MAX_LENGTH) return [];
  const definitions = header.split(ENTRY_SEPARATOR);
  if (definitions.length > MAX_ENTRIES) return [];

  // PHP's `$qualityToTypes[$quality][$mimeType] = true`: groups keyed by the raw q string, in first-seen order.
  const groups = new Map<string, Set<string>>();
  for (const definition of definitions) {
    const [type, firstParameter] = definition.split(';', 2);
    const mimeType = type.replace(PHP_TRIM, '');
    if (!MIME_TYPE.test(mimeType)) continue;
    // Only the first parameter is read, whatever its name, and its value is not trimmed (`q=0.5` or `level=1`).
    const pair = firstParameter?.split('=');
    const quality = pair?.length === 2 ? pair[1] : '1.0';
    let group = groups.get(quality);
    if (!group) {
      group = new Set();
      groups.set(quality, group);
    }
    group.add(mimeType);
  }
  // `krsort`: PHP 8's sort is stable, and so is Array.prototype.sort.
  const ordered = new Set<string>();
  const qualities = [...groups.keys()].sort((a, b) => compareAsPhp(b, a));
  for (const quality of qualities) for (const type of groups.get(quality)!) ordered.add(type);
  return ordered.size > 0 ? [...ordered] : ['*/*'];
}

/** PHP 8's comparison of two array keys: numerically when both are numeric strings, else byte by byte. */
function compareAsPhp(a: string, b: string): number {
  if (NUMERIC.test(a) && NUMERIC.test(b)) {
    const difference = Number(a) - Number(b);
    return difference > 0 ? 1 : difference < 0 ? -1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `RendererFactory::_getRendererClass`: for each accepted type in order, the first renderer that matches. */
function match(types: readonly string[]): BodyFormat | undefined {
  for (const accept of types) {
    for (const renderer of RENDERERS) {
      if (accept === renderer.type || accept === renderer.majorWildcard || accept === '*/*') return renderer.format;
    }
  }
  return undefined;
}
