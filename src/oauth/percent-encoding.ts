// The three encodings OAuth 1.0a needs, each byte for byte as PHP does it: Magento decodes with PHP's
// rawurldecode/urldecode, signs with RFC 3986 encoding and answers the handshake with http_build_query.

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const HEX = '0123456789ABCDEF';

/** RFC 3986 percent-encoding (PHP's rawurlencode): only `A-Za-z0-9-._~` stay as they are. */
export function percentEncode(text: string): string {
  return encodeBytes(text, isUnreserved, false);
}

/** PHP's urlencode (RFC 1738, what http_build_query uses): `A-Za-z0-9-._` stay, a space becomes `+`. */
export function formEncode(text: string): string {
  return encodeBytes(text, isFormSafe, true);
}

/**
 * PHP's rawurldecode: each valid `%XX` becomes that byte and an invalid `%` stays as it is. JavaScript strings
 * cannot hold the stray bytes PHP would keep, so when the bytes are not UTF-8 the raw text is returned as is.
 */
export function rawUrlDecode(raw: string): string {
  if (!raw.includes('%')) return raw;
  const input = Buffer.from(raw, 'utf8');
  const output = Buffer.alloc(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i];
    if (byte === 0x25 && i + 2 < input.length && isHex(input[i + 1]) && isHex(input[i + 2])) {
      output[length++] = (hexValue(input[i + 1]) << 4) | hexValue(input[i + 2]);
      i += 2;
    } else {
      output[length++] = byte;
    }
  }
  try {
    return strictUtf8.decode(output.subarray(0, length));
  } catch {
    return raw;
  }
}

/** PHP's urldecode, as parse_str applies it to form bodies: rawurldecode after `+` becomes a space. */
export function formDecode(raw: string): string {
  return rawUrlDecode(raw.replaceAll('+', ' '));
}

// Works on UTF-8 bytes, so a lone surrogate is encoded as U+FFFD instead of throwing like encodeURIComponent.
function encodeBytes(text: string, keep: (byte: number) => boolean, spaceAsPlus: boolean): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    if (keep(byte)) out += String.fromCharCode(byte);
    else if (spaceAsPlus && byte === 0x20) out += '+';
    else out += `%${HEX[byte >> 4]}${HEX[byte & 15]}`;
  }
  return out;
}

function isAlphanumeric(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);
}
function isUnreserved(byte: number): boolean {
  return isAlphanumeric(byte) || byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x7e;
}
function isFormSafe(byte: number): boolean {
  return isAlphanumeric(byte) || byte === 0x2d || byte === 0x2e || byte === 0x5f;
}
function isHex(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}
function hexValue(byte: number): number {
  return byte <= 0x39 ? byte - 0x30 : (byte | 0x20) - 0x57;
}
