#!/usr/bin/env node
// Runs Keyway's command line from the compiled build in dist/, which `npm install` and `npm ci` leave ready
// (the `prepare` script); no TypeScript loader runs in production.
try {
  await import('../dist/cli/main.js');
} catch (error) {
  // A checkout whose install skipped scripts has no build; say what to run rather than print a resolver stack.
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('/dist/cli/main.js')) {
    console.error('keyway: the compiled build is missing (dist/); run `npm run build` first');
    process.exit(1);
  }
  throw error;
}
