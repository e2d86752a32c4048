import { readFileSync } from 'node:fs';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ConfigError } from './config-error.ts';

/** One element of a configuration file, with the line it starts on. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** Child elements in document order. */
  readonly children: readonly XmlElement[];
  /** The element's own text, trimmed ('' when none). */
  readonly text: string;
  readonly line: number;
}

const ATTRIBUTE_PREFIX = '@_';
const TEXT_KEY = '#text';
// Typed as the boxed `Symbol` by fast-xml-parser; it is a plain symbol at run time.
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

// alwaysCreateTextNode makes every element an object, so every element carries its start offset (captureMetaData).
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTRIBUTE_PREFIX,
  textNodeName: TEXT_KEY,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  alwaysCreateTextNode: true,
  captureMetaData: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Reads a configuration file as UTF-8; an unreadable file is a ConfigError naming it. */
export function readConfigFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read file: ${(error as Error).message}`, { file });
  }
}

/** Parses a configuration file into its root element; refuses DOCTYPEs and XML that is not well-formed. */
export function parseConfigXml(rawText: string, file: string): XmlElement {
  const text = rawText.startsWith('\uFEFF') ? rawText.slice(1) : rawText;
  const lines = new LineIndex(text);
  // A DOCTYPE is the door to entity expansion and external entities; configuration never needs one.
  const doctype = /<!DOCTYPE/i.exec(text);
  if (doctype) {
    throw new ConfigError('DOCTYPE is not allowed in configuration files', { file, line: lines.lineAt(doctype.index) });
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new ConfigError(`not well-formed XML: ${valid.err.msg}`, { file, line: valid.err.line });
  const document = parser.parse(text) as Record<string, unknown>;
  const roots = Object.keys(document).filter((key) => key !== TEXT_KEY && !key.startsWith('?'));
  if (roots.length !== 1) throw new ConfigError('expected exactly one root element', { file, line: 1 });
  return toElements(roots[0], document[roots[0]], lines)[0].element;
}

interface Positioned {
  readonly element: XmlElement;
  readonly offset: number;
}

function toElements(name: string, value: unknown, lines: LineIndex): Positioned[] {
  const nodes = Array.isArray(value) ? value : [value];
  return nodes.map((node) => toElement(name, node as Record<string | symbol, unknown>, lines));
}

function toElement(name: string, node: Record<string | symbol, unknown>, lines: LineIndex): Positioned {
  const attributes: Record<string, string> = Object.create(null);
  const children: Positioned[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === TEXT_KEY) continue;
    if (key.startsWith(ATTRIBUTE_PREFIX)) attributes[key.slice(ATTRIBUTE_PREFIX.length)] = String(value);
    else children.push(...toElements(key, value, lines));
  }
  // The parser groups children by tag name; their start offsets restore true document order.
  children.sort((a, b) => a.offset - b.offset);
  const offset = (node[META] as { startIndex?: number } | undefined)?.startIndex ?? 0;
  const text = node[TEXT_KEY];
  const element: XmlElement = {
    name,
    attributes,
    children: children.map((child) => child.element),
    text: typeof text === 'string' ? text : '',
    line: lines.lineAt(offset),
  };
  return { element, offset };
}

/** Turns character offsets into 1-based line numbers (binary search over newline positions). */
class LineIndex {
  private readonly newlines: number[] = [];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.newlines.push(i);
  }

  lineAt(offset: number): number {
    let low = 0;
    let high = this.newlines.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.newlines[mid] < offset) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  }
}
