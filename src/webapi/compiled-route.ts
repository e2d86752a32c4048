import type { Route } from './route.ts';
import { phpUrlDecode } from './php-urldecode.ts';

/** A route split once at start-up, so matching a request only compares strings. */
export interface CompiledRoute {
  readonly route: Route;
  readonly parts: readonly string[];
  /** The variable name at each position, undefined where the part is literal. */
  readonly variables: readonly (string | undefined)[];
  readonly hasVariables: boolean;
}

/** PHP's trim($path, '/'): strips every leading and trailing slash. */
export function trimSlashes(path: string): string {
  let start = 0;
  let end = path.length;
  while (start < end && path.charCodeAt(start) === 47) start++;
  while (end > start && path.charCodeAt(end - 1) === 47) end--;
  return path.slice(start, end);
}

// Magento's Route::isVariable: ':name' is a variable, '::name' is literal text.
const variableName = (part: string): string | undefined =>
  part.startsWith(':') && !part.startsWith('::') ? part.slice(1) : undefined;

export function compileRoute(route: Route): CompiledRoute {
  const parts = trimSlashes(route.url).split('/');
  const variables = parts.map(variableName);
  return Object.freeze({
    route,
    parts: Object.freeze(parts),
    variables: Object.freeze(variables),
    hasVariables: variables.some((name) => name !== undefined),
  });
}

/**
 * Magento's Route::match over pre-split request parts: same number of parts, literal parts equal
 * (case-sensitive), variables capture the url-decoded part. Returns the captures, or undefined.
 */
export function matchParts(compiled: CompiledRoute, pathParts: readonly string[]): Record<string, string> | undefined {
  if (pathParts.length !== compiled.parts.length) return undefined;
  // Literal parts first: most candidates fail there, before anything is decoded or allocated.
  for (let i = 0; i < pathParts.length; i++) {
    if (compiled.variables[i] === undefined && pathParts[i] !== compiled.parts[i]) return undefined;
  }
  const params: Record<string, string> = {};
  for (let i = 0; i < pathParts.length; i++) {
    const variable = compiled.variables[i];
    if (variable === undefined) continue;
    // Magento would capture '' from '//'; web servers usually merge such slashes first, and an empty id
    // is never what a client meant, so Keyway does not match it.
    if (pathParts[i] === '') return undefined;
    params[variable] = phpUrlDecode(pathParts[i]!);
  }
  return params;
}
