import type { XmlElement } from './parse-config-xml.ts';

/** Throws a ConfigError for the element being checked; each loader supplies one that names file and route. */
export type Fail = (reason: string) => never;

/** What an element may hold; anything else is refused, so a typo cannot silently drop a rule. */
export interface ElementShape {
  readonly attributes: readonly string[];
  readonly children: readonly string[];
  readonly text?: boolean;
}

// Namespace and schema-location attributes carry no meaning for Keyway.
const isNamespaceAttribute = (name: string): boolean =>
  name === 'xmlns' || name.startsWith('xmlns:') || name.startsWith('xsi:');

/**
 * Refuses unknown attributes, unknown child elements and stray text. Strictness matters here: a misspelt
 * `<data>` or `force` would otherwise drop a forced `%customer_id%` and let one customer read another's data.
 */
export function assertShape(element: XmlElement, shape: ElementShape, fail: Fail): void {
  for (const name of Object.keys(element.attributes)) {
    if (!shape.attributes.includes(name) && !isNamespaceAttribute(name)) {
      fail(`unknown attribute "${name}" on <${element.name}>`);
    }
  }
  for (const child of element.children) {
    if (!shape.children.includes(child.name)) fail(`unknown element <${child.name}> in <${element.name}>`);
  }
  if (!shape.text && element.text !== '') fail(`unexpected text in <${element.name}>`);
}

/** The single child element with this name, undefined when absent; more than one is an error. */
export function onlyChild(element: XmlElement, name: string, fail: Fail): XmlElement | undefined {
  const found = element.children.filter((child) => child.name === name);
  if (found.length > 1) fail(`more than one <${name}> in <${element.name}>`);
  return found[0];
}
