// The README's "Embedding Keyway in a Fastify app" example, taken from README.md and run as written: plain
// node, `keyway` resolved through package.json `exports` to the compiled build, a real port. A customer signs
// up, signs in and reads itself through the host server, which still answers its own route.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { PROJECT_ROOT, http, startServer, tempWorkspace, type ServerProcess } from '../network/server-process.ts';

/** The first ```js block after the heading `## <title>`. */
function readmeExample(title: string): string {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  const section = readme.split(`\n## ${title}\n`)[1];
  assert.ok(section, `README.md has a section "${title}"`);
  const code = section.split('\n## ', 1)[0]!.match(/```js\n([\s\S]*?)```/)?.[1];
  assert.ok(code, `the section "${title}" has a js code block`);
  return code;
}

it("the README's embedding example serves Keyway inside the host Fastify server", async () => {
  const code = readmeExample('Embedding Keyway in a Fastify app');
  const workspace = tempWorkspace('keyway-embed-');
  let host: ServerProcess | undefined;
  try {
    // `--eval` code resolves bare names from the working directory, where `keyway` is the package itself.
    host = await startServer({
      args: ['--input-type=module', '--eval', code],
      env: { DATABASE_URL: workspace.databaseUrl, PORT: '0' },
      listening: (entry) => /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(String(entry.msg))?.[1],
    });
    assert.deepEqual((await http(host.url, 'GET', '/')).json, { shop: 'open' });
    const customer = { email: 'jane@example.com', firstname: 'Jane', lastname: 'Doe' };
    const signUp = await http(host.url, 'POST', '/rest/V1/customers', { json: { customer, password: 'Secret123!' } });
    assert.equal(signUp.status, 200, signUp.text);
    const token = await http(host.url, 'POST', '/rest/V1/integration/customer/token', {
      json: { username: customer.email, password: 'Secret123!' },
    });
    assert.match(String(token.json), /^[0-9a-z]{32}$/);
    const me = await http(host.url, 'GET', '/rest/V1/customers/me', { token: String(token.json) });
    assert.equal((me.json as { email?: string }).email, customer.email);
    // Keyway's own refusals come through unchanged.
    const guest = await http(host.url, 'GET', '/rest/V1/customers/me');
    assert.equal(guest.status, 401);
    assert.deepEqual(guest.json, {
      message: "The consumer isn't authorized to access %resources.",
      parameters: { resources: 'self' },
    });
  } finally {
    await host?.stop('SIGTERM');
    workspace.remove();
  }
});
