// Property tests of the body decoders: any text either decodes or is a 400 `Decoding error.`; JSON is never
// read more permissively than JSON.parse, and deep nesting is cut at 64; flat objects round-trip through
// Magento's XML rendering; and no input reaches Object.prototype.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_DEPTH as JSON_MAX_DEPTH, decodeJson } from '../../src/codecs/json-codec.ts';
import { decodeXml, encodeXml } from '../../src/codecs/xml-codec.ts';
import { AppError } from '../../src/errors.ts';
import { PARAMETERS, announceSeed, hostileText, throwsOnlyCatalogueErrors } from './property-runs.ts';

announceSeed('codecs');

const JSON_PIECES = [
  '{',
  '}',
  '[',
  ']',
  '"',
  ':',
  ',',
  '\\',
  '\\u',
  'd800',
  'dc00',
  '"__proto__"',
  '"constructor"',
  '"prototype"',
  '1e999',
  '-',
  '0',
  '.5',
  'true',
  'null',
  ' ',
  '\ufeff',
  '\u0000',
  'é',
  '"a"',
];
const XML_PIECES = [
  '<',
  '>',
  '/',
  '<a>',
  '</a>',
  '<b/>',
  'x',
  '&amp;',
  '&lt;',
  '&#0;',
  '&#x41;',
  '&e;',
  '<!DOCTYPE a>',
  '<!ENTITY e "x">',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '<?pi x?>',
  '__proto__',
  'constructor',
  'xmlns:p="u"',
  ' ',
  '"',
  '=',
  '\u0000',
  'é',
];
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

function assertPrototypeClean(): void {
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), PROTOTYPE_KEYS);
}

/** Only a Decoding error may escape a decoder. */
function decodes(decode: (text: string) => unknown, text: string): { ok: true; value: unknown } | { ok: false } {
  const result = throwsOnlyCatalogueErrors(() => ({ ok: true as const, value: decode(text) }), ['decodingError']);
  return result instanceof AppError ? { ok: false } : result;
}

describe('decodeJson', () => {
  it('decodes only what JSON.parse reads, to the same value, or answers Decoding error', () => {
    fc.assert(
      fc.property(hostileText(JSON_PIECES, 400), (text) => {
        const result = decodes(decodeJson, text);
        assertPrototypeClean();
        if (result.ok) assert.deepEqual(result.value, JSON.parse(text));
      }),
      PARAMETERS,
    );
  });

  it('round-trips any JSON value without prototype keys', () => {
    const value = fc
      .jsonValue({ stringUnit: 'binary', maxDepth: 8 })
      .filter((v) => !/__proto__|constructor/.test(JSON.stringify(v)));
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v);
        assert.deepEqual(decodeJson(text), JSON.parse(text));
      }),
      PARAMETERS,
    );
  });

  it(`accepts nesting up to ${JSON_MAX_DEPTH} and refuses anything deeper`, () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.constantFrom(['[', ']'], ['{"k":', '}']),
        (depth, [open, close]) => {
          const text = open!.repeat(depth) + (open === '[' ? '' : '1') + close!.repeat(depth);
          assert.equal(decodes(decodeJson, text).ok, depth <= JSON_MAX_DEPTH, `depth ${depth}`);
        },
      ),
      PARAMETERS,
    );
  });
});

describe('decodeXml', () => {
  it('decodes or answers Decoding error, and never touches Object.prototype', () => {
    fc.assert(
      fc.property(hostileText(XML_PIECES, 400), (text) => {
        decodes(decodeXml, text);
        assertPrototypeClean();
      }),
      PARAMETERS,
    );
  });

  it('refuses every document with a DTD', () => {
    fc.assert(
      fc.property(
        fc.mixedCase(fc.constantFrom('<!DOCTYPE a>', '<!ENTITY e "x">')),
        hostileText(XML_PIECES, 100),
        (dtd, rest) => {
          assert.equal(decodes(decodeXml, `<?xml version="1.0"?>${dtd}<a>${rest}</a>`).ok, false);
        },
      ),
      PARAMETERS,
    );
  });

  it("round-trips flat objects of safe keys through Magento's XML rendering", () => {
    const key = fc
      .stringMatching(/^[a-z][a-z0-9_]{0,14}[a-z0-9]$/)
      .filter((k) => !['constructor', 'prototype', 'item'].includes(k));
    // Any text XML can hold, with something in it besides whitespace (whitespace-only elements read as null).
    const text = fc
      .string({ unit: 'binary', minLength: 1, maxLength: 60 })
      .filter((v) => /^[\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u.test(v) && /[^ \t\n\r]/.test(v));
    fc.assert(
      fc.property(fc.dictionary(key, text, { minKeys: 1, maxKeys: 8 }), (object) => {
        assert.deepStrictEqual({ ...(decodeXml(encodeXml(object)) as object) }, { ...object });
      }),
      PARAMETERS,
    );
  });
});
