import { createAclTree, type AclNode, type AclTree } from './acl-tree.ts';
import { ConfigError } from './config-error.ts';
import { parseConfigXml, readConfigFile, type XmlElement } from './parse-config-xml.ts';
import { assertShape, onlyChild, type Fail } from './xml-shape.ts';
import { SPECIAL_RESOURCES } from './special-resources.ts';

const RESOURCE_SHAPE = {
  attributes: ['id', 'title', 'translate', 'sortOrder', 'disabled', 'module'],
  children: ['resource'],
};
// Route resources that are not ACL ids; an ACL id spelt the same way would be ambiguous.
const RESERVED_IDS = Object.keys(SPECIAL_RESOURCES);

/**
 * Merges several acl.xml texts into one tree, as Magento merges them by id: a `<resource id="X">` in a later
 * file adds its children under the X declared earlier (Customer's acl.xml nests under Backend's admin node).
 */
export function parseAclXml(inputs: readonly { text: string; file: string }[]): AclTree {
  const nodes = new Map<string, AclNode>();
  for (const { text, file } of inputs) {
    const root = parseConfigXml(text, file);
    const failAt =
      (element: XmlElement): Fail =>
      (reason) => {
        throw new ConfigError(reason, { file, line: element.line });
      };
    if (root.name !== 'config') failAt(root)(`root element must be <config>, not <${root.name}>`);
    assertShape(root, { attributes: [], children: ['acl'] }, failAt(root));
    const acl = onlyChild(root, 'acl', failAt(root)) ?? failAt(root)('missing <acl>');
    assertShape(acl, { attributes: [], children: ['resources'] }, failAt(acl));
    const resources = onlyChild(acl, 'resources', failAt(acl)) ?? failAt(acl)('missing <resources> in <acl>');
    assertShape(resources, { attributes: [], children: ['resource'] }, failAt(resources));
    const visit = (element: XmlElement, parent: string | undefined): void => {
      const fail = failAt(element);
      assertShape(element, RESOURCE_SHAPE, fail);
      const id = (element.attributes.id ?? '').trim();
      if (id === '') fail('ACL <resource> needs a non-empty id');
      if (RESERVED_IDS.includes(id)) fail(`"${id}" is reserved for routes and cannot be an ACL id`);
      const node: AclNode = { parent, title: element.attributes.title, file, line: element.line };
      nodes.set(id, mergeNode(nodes.get(id), node, id, fail));
      for (const child of element.children) visit(child, id);
    };
    for (const element of resources.children) visit(element, undefined);
  }
  return createAclTree(nodes);
}

/** Reads and merges acl.xml files in the order given. */
export function loadAclXml(files: readonly string[]): AclTree {
  return parseAclXml(files.map((file) => ({ text: readConfigFile(file), file })));
}

// The same id may be repeated to add children, but only under the same parent: one id, one place in the tree.
function mergeNode(existing: AclNode | undefined, next: AclNode, id: string, fail: Fail): AclNode {
  if (existing === undefined) return next;
  if (existing.parent !== next.parent) {
    const where = (parent: string | undefined) => (parent === undefined ? 'at the top level' : `under "${parent}"`);
    const first = `${where(existing.parent)} at ${existing.file}:${existing.line}`;
    fail(`ACL resource "${id}" is declared ${where(next.parent)} but already ${first}`);
  }
  // A later title wins, as attributes do in Magento's XML merge; a repeat without a title keeps the old one.
  return { ...existing, title: next.title ?? existing.title };
}
