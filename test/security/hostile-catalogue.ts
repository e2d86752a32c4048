// The hostile-request catalogue (test/fixtures/hostile-requests.json): its shape, and how its compact text
// descriptions become the bytes that are sent.
import { readFileSync } from 'node:fs';

/** A piece of text: literal, repeated, raw bytes in base64, or a list of pieces joined. */
export type TextSpec = string | { repeat: string; times: number } | { base64: string } | TextSpec[];

export interface HostileCase {
  name: string;
  method?: string;
  url?: TextSpec;
  headers?: Record<string, TextSpec>;
  body?: TextSpec;
  /**
   * `socket`: the request goes to a listening port as bytes, so neither inject nor fetch normalises it;
   * `raw`, when given, is written as-is, for what only Node's HTTP parser sees.
   */
  transport?: 'inject' | 'socket';
  raw?: TextSpec;
  /** `small`: the server whose body limit is 2048 bytes. */
  server?: 'default' | 'small';
  status?: number;
  statuses?: number[];
  message?: string;
  parameters?: unknown;
  /** The error body is expected in XML. */
  xml?: boolean;
  /** Node's HTTP server answers before Keyway sees the request, with no body. */
  emptyBody?: boolean;
}

const FILE = new URL('../fixtures/hostile-requests.json', import.meta.url);

export function loadCatalogue(): HostileCase[] {
  return (JSON.parse(readFileSync(FILE, 'utf8')) as { cases: HostileCase[] }).cases;
}

/** Expands a text description to bytes, filling `{{name}}` placeholders in the literal pieces. */
export function expand(spec: TextSpec, vars: Readonly<Record<string, string>>): Buffer {
  if (typeof spec === 'string') {
    return Buffer.from(
      spec.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => vars[name] ?? whole),
      'utf8',
    );
  }
  if (Array.isArray(spec)) return Buffer.concat(spec.map((part) => expand(part, vars)));
  if ('base64' in spec) return Buffer.from(spec.base64, 'base64');
  return Buffer.from(spec.repeat.repeat(spec.times), 'utf8');
}

export const expandText = (spec: TextSpec, vars: Readonly<Record<string, string>>): string =>
  expand(spec, vars).toString('utf8');

/** The bytes of a socket case: `raw`, or an HTTP/1.1 request built from the case's fields, closing after. */
export function socketRequest(c: HostileCase, vars: Readonly<Record<string, string>>): Buffer {
  if (c.raw !== undefined) return expand(c.raw, vars);
  const body = c.body === undefined ? Buffer.alloc(0) : expand(c.body, vars);
  let head = `${c.method ?? 'GET'} ${expandText(c.url ?? '/', vars)} HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
  for (const [name, value] of Object.entries(c.headers ?? {})) head += `${name}: ${expandText(value, vars)}\r\n`;
  head += `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'utf8'), body]);
}

/** The statuses a case accepts. */
export function expectedStatuses(c: HostileCase): number[] {
  return c.statuses ?? [c.status ?? 400];
}
