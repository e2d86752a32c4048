/** Paths a memo holds by default: far more than a shop's clients call. */
const DEFAULT_LIMIT = 4096;

/**
 * Remembers the answers of a pure function of a URL path. Clients call the same few paths again and again, so
 * the second call of a path costs one map lookup instead of the work. The memo holds at most `limit` paths and
 * starts afresh when full, so a client sending endless distinct paths costs a rebuild now and then, never memory.
 */
export function memoizePaths<T>(compute: (path: string) => T, limit = DEFAULT_LIMIT): (path: string) => T {
  let memo = new Map<string, T>();
  return (path) => {
    const known = memo.get(path);
    if (known !== undefined || memo.has(path)) return known as T;
    const value = compute(path);
    if (memo.size >= limit) memo = new Map();
    memo.set(path, value);
    return value;
  };
}
