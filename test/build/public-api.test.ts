// The package as a library, imported by its own name the way a user's code imports it: package.json
// `exports` leads to the compiled dist/index.js and its declarations. From dist/, Keyway still finds the files
// it reads at run time (etc/ route files, package.json for the schema's version).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { PROJECT_ROOT } from '../network/server-process.ts';

// A variable, so the type check does not need dist/ to exist; the types come from the source instead.
const PACKAGE = 'keyway';
const keywayPackage = (await import(PACKAGE)) as typeof import('../../src/index.ts');

it('exports createKeyway, createApp and settleNextTick from dist/, with declarations beside them', () => {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  assert.deepEqual(pkg.exports, { '.': { types: './dist/index.d.ts', default: './dist/index.js' } });
  assert.equal(import.meta.resolve(PACKAGE), `file://${join(PROJECT_ROOT, 'dist', 'index.js')}`);
  assert.deepEqual(Object.keys(keywayPackage).sort(), ['createApp', 'createKeyway', 'settleNextTick']);
  const declarations = readFileSync(join(PROJECT_ROOT, 'dist', 'index.d.ts'), 'utf8');
  for (const name of ['KeywayOptions', 'HttpOptions', 'Keyway', 'TokenService', 'CustomerService', 'AdminService']) {
    assert.match(declarations, new RegExp(`\\b${name}\\b`), `dist/index.d.ts declares ${name}`);
  }
  assert.ok(existsSync(join(PROJECT_ROOT, 'dist', 'keyway.d.ts')));
});

it('the compiled build loads the built-in route files and answers its schema with the package version', async () => {
  const keyway = await keywayPackage.createKeyway({ databaseUrl: 'sqlite::memory:' });
  const app = keywayPackage.createApp(keyway);
  try {
    const response = await app.inject({ method: 'GET', url: '/rest/default/schema?services=all' });
    assert.equal(response.statusCode, 200, response.body);
    const document = JSON.parse(response.body) as { info: { version: string }; paths: Record<string, unknown> };
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(document.info.version, pkg.version);
    assert.ok('/V1/integration/customer/token' in document.paths, Object.keys(document.paths).join(', '));
  } finally {
    await app.close();
    await keyway.close();
  }
});
