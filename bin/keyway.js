#!/usr/bin/env node
// Runs Keyway's command line from its TypeScript sources.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
