// How a TypeScript loader gets into a Node process, read from outside the process through /proc: a flag on
// its command line (`--import tsx`, `--loader`, `--require`), or NODE_OPTIONS in its environment. A loader
// imported by the code itself is ruled out separately, by reading the compiled files.
import { readFileSync } from 'node:fs';

const LOADER_FLAG = /^--(import|loader|experimental-loader|require)\b|^-r$/;

/** The process's arguments as the kernel holds them, `node` first. */
export function commandLine(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
}

/** Every sign that process `pid` runs with a module loader or a TypeScript entry; empty when it has none. */
export function loaderEvidence(pid: number): string[] {
  const evidence: string[] = [];
  const args = commandLine(pid);
  for (const arg of args.slice(1)) {
    if (LOADER_FLAG.test(arg) || /tsx/.test(arg)) evidence.push(`command line: ${arg}`);
    if (/\.[cm]?ts$/.test(arg)) evidence.push(`TypeScript entry: ${arg}`);
  }
  const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
  const nodeOptions = environment.find((entry) => entry.startsWith('NODE_OPTIONS='));
  if (nodeOptions && /--(import|loader|experimental-loader|require)|tsx/.test(nodeOptions)) {
    evidence.push(`environment: ${nodeOptions}`);
  }
  return evidence;
}
