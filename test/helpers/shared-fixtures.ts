// Magento's own files (route and ACL files, password hash vectors) live beside the project in ../shared, which
// a fresh clone does not have. There a suite that needs them skips and says so; under CI=true it fails, so a CI
// machine without them cannot pass by testing less.
import { existsSync } from 'node:fs';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';

/** The absolute path of `relative` under ../shared/fixtures (from the project's root). */
export function sharedFixture(relative: string): string {
  return fileURLToPath(new URL(`../../../shared/fixtures/${relative}`, import.meta.url));
}

/** True (and the test skipped with a note) when `path` is absent; under CI=true, a thrown error instead. */
export function skipWithoutFixture(t: TestContext, path: string): boolean {
  if (existsSync(path)) return false;
  const reason = `${path} is absent (a fresh clone has no ../shared)`;
  if (process.env.CI === 'true') throw new Error(`${reason}, and CI=true`);
  console.log(`note: ${reason}; skipped`);
  t.skip(reason);
  return true;
}
