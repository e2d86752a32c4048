const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' };

/**
 * The base string URL of RFC 5849 §3.4.1.2: scheme and host in lower case, the port only when it is not the
 * scheme's default, the path exactly as received (still percent-encoded), no query.
 */
export function signatureBaseUrl(scheme: string, host: string, path: string): string {
  const lowerScheme = scheme.toLowerCase();
  let authority = host.toLowerCase();
  // A port is the digits after the last colon, unless that colon is inside an IPv6 literal (`[::1]`).
  const colon = authority.lastIndexOf(':');
  if (colon !== -1 && colon > authority.lastIndexOf(']') && authority.slice(colon + 1) === DEFAULT_PORTS[lowerScheme]) {
    authority = authority.slice(0, colon);
  }
  const hash = path.indexOf('#');
  return `${lowerScheme}://${authority}${hash === -1 ? path : path.slice(0, hash)}`;
}
