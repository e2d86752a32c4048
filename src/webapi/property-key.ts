/**
 * The same text as V8's shared copy of it. A property read or written under a computed name is fastest when the
 * name is that shared copy, as every literal and every key the engine has stored is; a string made at run time
 * (by split, slice or replace) is first looked up in V8's string table on every access, which on a hot path
 * costs more than the access itself. Names worked out once, at start-up, go through here.
 */
export function asPropertyKey(text: string): string {
  return Object.keys({ [text]: 0 })[0]!;
}
