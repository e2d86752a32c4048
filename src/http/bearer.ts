const MAX_HEADER = 1024;

/**
 * The token in an `Authorization` header, as Magento's `TokenUserContext` reads it: exactly two parts split
 * on one space, the scheme `bearer` in any case. Anything else means no token (the caller is a guest).
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header || header.length > MAX_HEADER) return undefined;
  const parts = header.split(' ');
  if (parts.length !== 2 || parts[0]!.toLowerCase() !== 'bearer') return undefined;
  return parts[1];
}
