/**
 * PHP's strnatcmp, as older Magento sorts signature parameters (`uksort($params, 'strnatcmp')`): runs of
 * digits compare by number (`2` before `10`), everything else byte by byte. Like PHP, a digit run with a leading
 * zero compares digit by digit ("fractional" part). PHP also skips white space, which cannot occur in the
 * percent-encoded names this is used on, so it is not handled here.
 */
export function naturalCompare(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (isDigit(a, i) && isDigit(b, j)) {
      const fractional = a[i] === '0' || b[j] === '0';
      const endA = digitsEnd(a, i);
      const endB = digitsEnd(b, j);
      const order = fractional
        ? compareLeft(a.slice(i, endA), b.slice(j, endB))
        : compareRight(a.slice(i, endA), b.slice(j, endB));
      if (order !== 0) return order;
      i = endA;
      j = endB;
      continue;
    }
    if (a[i] !== b[j]) return a.charCodeAt(i) < b.charCodeAt(j) ? -1 : 1;
    i++;
    j++;
  }
  return Math.sign(a.length - i - (b.length - j));
}

// Whole numbers: the longer run is larger; equal lengths compare digit by digit.
function compareRight(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

// Fractional parts: digit by digit from the left, the shorter one first when it is a prefix.
function compareLeft(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function isDigit(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code >= 0x30 && code <= 0x39;
}
function digitsEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && isDigit(text, end)) end++;
  return end;
}
