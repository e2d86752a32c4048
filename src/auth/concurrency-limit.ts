/**
 * Lets at most `limit` tasks run at once; the rest wait their turn in order. Password hashing uses it: more
 * simultaneous argon2 runs than cores only make every one of them, and every other request, slower.
 */
export function createConcurrencyLimit(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
