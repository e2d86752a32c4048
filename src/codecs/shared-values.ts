// Answers that many requests share (a customer held in the caches, say) are frozen all the way down, so no
// request can change what another one sees; being unchangeable, their encodings can be remembered by identity.
const shared = new WeakSet<object>();

/** Freezes `value` and everything in it, and marks it as shared; answers `value` itself. */
export function share<T extends object>(value: T): T {
  freezeDeep(value);
  shared.add(value);
  return value;
}

/** Whether `value` was marked by `share`, and so can never change. */
export function isShared(value: unknown): value is object {
  return typeof value === 'object' && value !== null && shared.has(value);
}

// Every object inside is visited, frozen already or not (a frozen one may hold one that is not). Answers are
// JSON-shaped, which holds no cycles.
function freezeDeep(value: object): void {
  Object.freeze(value);
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, unknown>)[key];
    if (typeof inner === 'object' && inner !== null) freezeDeep(inner);
  }
}

/** Remembers one encoding per shared value; any other value is encoded afresh each time. */
export function rememberEncodings(encode: (value: unknown) => string): (value: unknown) => string {
  const remembered = new WeakMap<object, string>();
  return (value) => {
    if (!isShared(value)) return encode(value);
    let text = remembered.get(value);
    if (text === undefined) {
      text = encode(value);
      remembered.set(value, text);
    }
    return text;
  };
}
