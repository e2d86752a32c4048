/**
 * XML bodies, decoded like Magento's `Deserializer\Xml` + `Xml\Parser::xmlToArray()` and encoded like its
 * XML renderer (`Webapi\Rest\Response\Renderer\Xml` + `Xml\Generator`, DOMDocument with formatOutput).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../errors.ts';
import { isXmlChar } from './xml-chars.ts';

/** Deepest element nesting a request body may have (the root element is depth 1). */
export const MAX_DEPTH = 64;

/** What `decodeXml` produces: strings, nulls, null-prototype maps and lists, as `xmlToArray` does. */
type XmlValue = string | null | XmlMap | XmlValue[];
type XmlMap = { [name: string]: XmlValue };

/** One node of fast-xml-parser's `preserveOrder` output: `{ name: children | text, ':@'?: attributes }`. */
type ParsedNode = Record<string, unknown>;

const parser = new XMLParser({
  // Document order is kept, so text, CDATA, comments and elements map one-to-one onto DOM child nodes.
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Values stay untrimmed strings: a password ' 00123 ' must not become 123.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // References are decoded by `decodeReferences`, strictly as libxml does without a DTD: the five predefined
  // entities and character references only. The library's entity expansion (DTD, HTML entities) stays off.
  processEntities: false,
  htmlEntities: false,
  // Kept in the output so that misplaced declarations can be refused.
  ignoreDeclaration: false,
  ignorePiTags: false,
  cdataPropName: '#cdata',
  commentPropName: '#comment',
  maxNestedTags: MAX_DEPTH,
  // The library would rename `<toString>` to `__toString`; our maps have no prototype, so names stay intact.
  onDangerousProperty: (name: string) => name,
});

// Refused before parsing: no DTD means no entity expansion (XXE, billion laughs) at all.
const DTD = /<!(?:DOCTYPE|ENTITY)/i;
// Anything outside XML 1.0's Char production (control characters, lone surrogates, U+FFFE/FFFF).
const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const WHITESPACE_ONLY = /^[ \t\n\r]*$/;
// An XML name (close enough: letters, digits, marks and `_:.-·`), as a processing instruction's target.
const PI_TARGET = /^[\p{L}_:][\p{L}\p{N}\p{M}_:.\-\u00B7]*$/u;
// An empty comment parsed after the body: the parser drops trailing text unless a comment follows it. A body
// ending inside a comment swallows the sentinel, and is refused, as its comment then holds `<!--`.
const SENTINEL = '<!---->';
// Element or attribute names that could reach an object prototype; refused even though our maps have none.
const FORBIDDEN_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['lt', '<'],
  ['gt', '>'],
  ['amp', '&'],
  ['apos', "'"],
  ['quot', '"'],
]);

/**
 * Parses a request body and returns the root element's content (the root name is arbitrary). Throws
 * AppError('decodingError') for anything malformed, DTDs, prototype-polluting names and deep nesting.
 */
export function decodeXml(text: string): unknown {
  try {
    return decode(text);
  } catch {
    throw new AppError('decodingError');
  }
}

function decode(text: string): XmlValue {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // libxml skips a byte-order mark
  if (DTD.test(text) || NOT_XML_CHAR.test(text)) throw new Error('refused');
  text = text.replace(/\r\n?/g, '\n'); // XML end-of-line normalisation
  if (XMLValidator.validate(text) !== true) throw new Error('malformed');
  const nodes = parser.parse(text + SENTINEL) as ParsedNode[];
  const sentinel = nodes.pop();
  if (!sentinel || nameOf(sentinel) !== '#comment' || innerText(sentinel) !== '') throw new Error('not closed');

  // The document may hold one element plus whitespace, comments and processing instructions, in any order.
  let root: ParsedNode | undefined;
  for (const [index, node] of nodes.entries()) {
    const name = nameOf(node);
    if (name === '#text') {
      if (!WHITESPACE_ONLY.test(node[name] as string)) throw new Error('text outside the root');
    } else if (name === '#comment') {
      checkComment(node);
    } else if (name[0] === '?') {
      checkInstruction(node, index === 0 && text.startsWith('<?xml'));
    } else if (name === '#cdata' || root) {
      throw new Error('content outside the root');
    } else {
      root = node;
    }
  }
  if (!root) throw new Error('no root element');
  // `reset(xmlToArray())`: the root element is dropped and its value returned.
  return elementValue(root, 1, new Set());
}

/** The value `xmlToArray` gives an element: null when empty, else its content, wrapped when it has attributes. */
function elementValue(node: ParsedNode, depth: number, namespaces: ReadonlySet<string>): XmlValue {
  const name = nameOf(node);
  if (depth > MAX_DEPTH) throw new Error('too deep');
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;
  const inScope = declaredPrefixes(rawAttributes, namespaces);
  checkName(name, inScope);

  const children = node[name] as ParsedNode[];
  let value: XmlValue = children.length > 0 ? contentOf(children, depth, inScope) : null;
  const attributes = attributesOf(rawAttributes, inScope);
  if (attributes) value = nullProto({ _value: value, _attribute: attributes });
  return value;
}

/**
 * `Xml\Parser::_xmlToArray` over an element's children: child elements become keys (repeats become lists);
 * the last non-whitespace text or CDATA becomes the value, replacing elements seen before it.
 */
function contentOf(children: ParsedNode[], depth: number, namespaces: ReadonlySet<string>): XmlValue {
  let content: string | XmlMap = '';
  for (const child of children) {
    const name = nameOf(child);
    if (name === '#text') {
      const raw = child[name] as string;
      if (raw.includes(']]>')) throw new Error(']]> in text');
      const text = decodeReferences(raw);
      if (!WHITESPACE_ONLY.test(text)) content = text;
    } else if (name === '#cdata') {
      content = innerText(child);
    } else if (name === '#comment') {
      checkComment(child);
    } else if (name[0] === '?') {
      checkInstruction(child, false);
    } else {
      // PHP's `$content ?: []`: '' and '0' give way to a map; indexing any other string is an error in Magento.
      if (typeof content === 'string') {
        if (content !== '' && content !== '0') throw new Error('element after text');
        content = nullProto({});
      }
      addChild(content, name, elementValue(child, depth + 1, namespaces));
    }
  }
  return content;
}

/** Magento's repeated-sibling rule, `isset()` quirks included (a null first value is simply overwritten). */
function addChild(content: XmlMap, name: string, value: XmlValue): void {
  const existing = content[name];
  if (existing === undefined || existing === null) {
    content[name] = value;
    return;
  }
  // PHP wraps when the existing value is not a list, or when a map joins a list that starts with a string.
  const keep = Array.isArray(existing) && !(isArrayLike(value) && !isArrayLike(existing[0]));
  const list = keep ? (existing as XmlValue[]) : [existing];
  list.push(value);
  content[name] = list;
}

/** PHP's `is_array` for our values: maps and lists. */
function isArrayLike(value: XmlValue | undefined): boolean {
  return typeof value === 'object' && value !== null;
}

/** Non-namespace attributes by local name (DOMAttr::$name), first one winning; undefined when there are none. */
function attributesOf(raw: Record<string, string>, namespaces: ReadonlySet<string>): XmlMap | undefined {
  let attributes: XmlMap | undefined;
  for (const [qname, rawValue] of Object.entries(raw)) {
    if (qname === 'xmlns' || qname.startsWith('xmlns:')) continue; // declarations are not DOM attributes
    checkName(qname, namespaces);
    if (rawValue.includes('<')) throw new Error('< in attribute value');
    const local = qname.slice(qname.indexOf(':') + 1);
    attributes ??= nullProto({});
    // Literal tabs and newlines become spaces (attribute-value normalisation); character references stay.
    attributes[local] ??= decodeReferences(rawValue.replace(/[\t\n]/g, ' '));
  }
  return attributes;
}

/** The prefixes in scope for an element: its parent's plus its own `xmlns:p` declarations. */
function declaredPrefixes(raw: Record<string, string>, inherited: ReadonlySet<string>): ReadonlySet<string> {
  let prefixes = inherited;
  for (const [qname, value] of Object.entries(raw)) {
    if (!qname.startsWith('xmlns:')) continue;
    if (value === '') throw new Error('empty namespace');
    if (prefixes === inherited) prefixes = new Set(inherited);
    (prefixes as Set<string>).add(qname.slice(6));
  }
  return prefixes;
}

/** Refuses prototype-polluting names and names libxml reports as namespace errors (undeclared prefix, `a:b:c`). */
function checkName(qname: string, namespaces: ReadonlySet<string>): void {
  if (FORBIDDEN_NAMES.has(qname)) throw new Error('forbidden name');
  const colon = qname.indexOf(':');
  if (colon === -1) return;
  const prefix = qname.slice(0, colon);
  const local = qname.slice(colon + 1);
  if (!prefix || !local || local.includes(':') || FORBIDDEN_NAMES.has(local)) throw new Error('bad name');
  if (prefix !== 'xml' && !namespaces.has(prefix)) throw new Error('undeclared prefix');
}

/** A processing instruction needs a name as target; `xml` is only the declaration opening the document. */
function checkInstruction(node: ParsedNode, opensDocument: boolean): void {
  const target = nameOf(node).slice(1);
  if (!PI_TARGET.test(target)) throw new Error('bad instruction target');
  if (target.toLowerCase() !== 'xml') return;
  const attributes = node[':@'] as Record<string, string> | undefined;
  if (!opensDocument || target !== 'xml' || !attributes?.version) throw new Error('misplaced declaration');
}

/** libxml refuses `--` inside a comment and a comment ending in `-`. */
function checkComment(node: ParsedNode): void {
  const text = innerText(node);
  if (text.includes('--') || text.endsWith('-')) throw new Error('bad comment');
}

/** Decodes the five predefined entities and character references; any other `&` is an error, as in libxml. */
function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^&;]*)(;?)/g, (_match, ref: string, semicolon: string) => {
    if (!semicolon) throw new Error('unterminated reference');
    const predefined = PREDEFINED.get(ref);
    if (predefined !== undefined) return predefined;
    const digits = /^#(?:([0-9]+)|x([0-9a-fA-F]+))$/.exec(ref);
    if (!digits) throw new Error('undefined entity');
    const codePoint = digits[1] !== undefined ? parseInt(digits[1], 10) : parseInt(digits[2], 16);
    if (!isXmlChar(codePoint)) throw new Error('invalid character reference');
    return String.fromCodePoint(codePoint);
  });
}

/** The node's name: its one key other than the attributes key. */
function nameOf(node: ParsedNode): string {
  for (const key of Object.keys(node)) if (key !== ':@') return key;
  throw new Error('nameless node');
}

/** The text held by a CDATA or comment node (`{ '#cdata': [{ '#text': '…' }] }`). */
function innerText(node: ParsedNode): string {
  const parts = node[nameOf(node)] as ParsedNode[];
  return parts.map((part) => String(part['#text'] ?? '')).join('');
}

function nullProto(fields: XmlMap): XmlMap {
  return Object.assign(Object.create(null) as XmlMap, fields);
}

export { encodeXml } from './xml-encode.ts';
