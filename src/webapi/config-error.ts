/** Where a configuration problem sits: the file, and when known the line and the route ("METHOD url"). */
export interface ConfigErrorLocation {
  readonly file: string;
  readonly line?: number;
  readonly route?: string;
}

/**
 * A route or ACL file that Keyway refuses to start with. The message always names the file (and line, and
 * route when there is one) so an operator can fix the file without reading a stack trace.
 */
export class ConfigError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly route: string | undefined;
  readonly reason: string;

  constructor(reason: string, where: ConfigErrorLocation) {
    const place = where.line === undefined ? where.file : `${where.file}:${where.line}`;
    const route = where.route === undefined ? '' : `route "${where.route}": `;
    super(`${place}: ${route}${reason}`);
    this.name = 'ConfigError';
    this.file = where.file;
    this.line = where.line;
    this.route = where.route;
    this.reason = reason;
  }
}
