// The layer rule in biome.json can fail: in a scratch copy of the configuration, an inner layer importing the
// HTTP layer, storage or the CLI is an error, while the same import from an outer layer passes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../network/server-process.ts';

const BIOME = join(PROJECT_ROOT, 'node_modules', '.bin', 'biome');

/** A scratch project holding the real biome.json (without git, which the copy is not in) and the given files. */
function scratchProject(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyway-layers-'));
  const config = JSON.parse(readFileSync(join(PROJECT_ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  config.vcs = { enabled: false };
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

function lint(dir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(BIOME, ['lint', '.'], { cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, output: stdout + stderr });
    });
  });
}

const TARGETS = {
  'src/http/bearer.ts': 'export const bearer = 1;\n',
  'src/storage/token-store.ts': 'export const store = 1;\n',
  'src/cli/main.ts': 'export const cli = 1;\n',
};

describe('the layer rule', () => {
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  for (const layer of ['auth', 'accounts', 'webapi', 'codecs', 'config', 'crypto', 'oauth']) {
    for (const [target, name] of [
      ['http/bearer', 'bearer'],
      ['storage/token-store', 'store'],
      ['cli/main', 'cli'],
    ]) {
      it(`refuses src/${layer}/ importing ${target}`, async () => {
        const dir = scratchProject({
          ...TARGETS,
          [`src/${layer}/wrong.ts`]: `import { ${name} } from '../${target}.ts';\n\nexport const x = ${name};\n`,
        });
        dirs.push(dir);
        const result = await lint(dir);
        assert.equal(result.code, 1, result.output);
        assert.match(result.output, /noRestrictedImports/);
        assert.match(result.output, /Inner layers/);
      });
    }
  }

  it('lets the HTTP layer import storage and the domain', async () => {
    const dir = scratchProject({
      ...TARGETS,
      'src/auth/token.ts': 'export const token = 1;\n',
      'src/http/dispatch.ts':
        "import { token } from '../auth/token.ts';\nimport { store } from '../storage/token-store.ts';\n\nexport const x = [token, store];\n",
    });
    dirs.push(dir);
    const result = await lint(dir);
    assert.equal(result.code, 0, result.output);
  });
});
