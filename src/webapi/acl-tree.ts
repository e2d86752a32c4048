/** The admin ACL resource tree merged from acl.xml files; read-only once built. */
export interface AclTree {
  has(id: string): boolean;
  /** The id of the enclosing `<resource>`, undefined for a top-level one (or an unknown id). */
  parentOf(id: string): string | undefined;
  /** Every declared id, in document order (files in the order given). */
  ids(): string[];
  title(id: string): string | undefined;
}

/** One declared resource and where it was first declared, for error messages. */
export interface AclNode {
  readonly parent: string | undefined;
  readonly title: string | undefined;
  readonly file: string;
  readonly line: number;
}

/** An AclTree over a finished map; the map's insertion order is the document order. */
export function createAclTree(nodes: ReadonlyMap<string, AclNode>): AclTree {
  const frozen = new Map(nodes);
  return Object.freeze({
    has: (id: string) => frozen.has(id),
    parentOf: (id: string) => frozen.get(id)?.parent,
    ids: () => [...frozen.keys()],
    title: (id: string) => frozen.get(id)?.title,
  });
}
