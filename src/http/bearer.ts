const MAX_HEADER = 1024;

/**
 * The token in an `Authorization` header, as Magento's `TokenUserContext` reads it: exactly two parts split
 * on one space, the scheme `bearer` in any case. Anything else means no token (the caller is a guest).
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header || header.length > MAX_HEADER) return undefined;
  // Read without splitting: this runs on every call.
  const space = header.indexOf(' ');
  if (space !== 6 || header.indexOf(' ', space + 1) !== -1) return undefined;
  const scheme = header.slice(0, 6);
  if (scheme !== 'Bearer' && scheme.toLowerCase() !== 'bearer') return undefined;
  return header.slice(7);
}
