const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const isHex = (code: number): boolean =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);

/**
 * PHP's urldecode(), which Magento applies to every captured path variable: '+' becomes a space and each
 * valid %XX becomes that byte; an invalid '%' stays as it is. JavaScript strings cannot hold the stray bytes
 * PHP would keep, so when the bytes are not valid UTF-8 the raw text is returned unchanged.
 */
export function phpUrlDecode(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  try {
    // Same result as the byte loop below whenever every escape is valid UTF-8, and much faster.
    return decodeURIComponent(raw.replaceAll('+', ' '));
  } catch {
    return decodeBytes(raw);
  }
}

// The slow path: keep invalid '%' escapes as PHP does, and give up on bytes that are not UTF-8.
function decodeBytes(raw: string): string {
  const input = Buffer.from(raw, 'utf8');
  const output = Buffer.alloc(input.length);
  let length = 0;
  for (let i = 0; i < input.length; i++) {
    const byte = input[i];
    if (byte === 0x2b) {
      output[length++] = 0x20;
    } else if (byte === 0x25 && i + 2 < input.length && isHex(input[i + 1]) && isHex(input[i + 2])) {
      output[length++] = parseInt(String.fromCharCode(input[i + 1], input[i + 2]), 16);
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
