// Property tests of the request-edge parsers: the bearer header, Content-Type, Accept and the store-code
// path. Thousands of generated inputs each; nothing but a catalogue AppError may escape, and the properties
// below hold for every input.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { acceptTypes, negotiateAccept } from '../../src/http/accept.ts';
import { resolveApiPath } from '../../src/http/api-path.ts';
import { bearerToken } from '../../src/http/bearer.ts';
import { parseContentType } from '../../src/http/content-type.ts';
import type { StoreDirectory } from '../../src/accounts/store-directory.ts';
import { PARAMETERS, announceSeed, hostileText, throwsOnlyCatalogueErrors } from './property-runs.ts';

announceSeed('header parsers');

const HEADER_PIECES = [
  'Bearer',
  'bearer',
  'BEARER',
  'Basic',
  ' ',
  '  ',
  '\t',
  '\r\n',
  ',',
  ';',
  '=',
  '"',
  '\u0000',
  'é',
  'abc123',
  '0',
];
const MEDIA_PIECES = [
  'application',
  'text',
  '/',
  'json',
  'xml',
  'xhtml+xml',
  '*',
  '*/*',
  ';',
  ' ',
  ',',
  'q=',
  '0.5',
  '1',
  '0',
  'charset=',
  'utf-8',
  'UTF-8',
  'latin1',
  '"',
  'constructor',
  '__proto__',
  '\u0000',
  'é',
];
const PATH_PIECES = [
  '/',
  '/',
  'rest',
  'index.php',
  'V1',
  'V',
  '12',
  'all',
  'default',
  'admin',
  '..',
  '.',
  '%2f',
  '%2e',
  'customers',
  'me',
  '\\',
  '?',
  'é',
  '\u0000',
  '//',
];

// Keyway's store layout after migration 1: the admin store (0, `all` in URLs) and `default` (1).
const DIRECTORY: StoreDirectory = {
  views: [
    { id: 0, code: 'admin', name: 'Admin', website_id: 0, store_group_id: 0, is_active: 1 },
    { id: 1, code: 'default', name: 'Default Store View', website_id: 1, store_group_id: 1, is_active: 1 },
  ],
  groups: [
    { id: 0, website_id: 0, root_category_id: 0, default_store_id: 0, name: 'Default', code: 'default' },
    {
      id: 1,
      website_id: 1,
      root_category_id: 2,
      default_store_id: 1,
      name: 'Main Website Store',
      code: 'main_website_store',
    },
  ],
  websites: [
    { id: 0, code: 'admin', name: 'Admin', default_group_id: 0 },
    { id: 1, code: 'base', name: 'Main Website', default_group_id: 1 },
  ],
};

const tokenWithoutSpaces = fc.string({ unit: 'binary', maxLength: 1000 }).filter((t) => !t.includes(' '));

describe('bearerToken', () => {
  it('never throws, and a token it finds is exactly what follows one space after the scheme', () => {
    fc.assert(
      fc.property(hostileText(HEADER_PIECES, 1100), (header) => {
        const token = bearerToken(header);
        if (token === undefined) return;
        assert.ok(header.length <= 1024);
        assert.ok(!token.includes(' '));
        const scheme = header.slice(0, header.length - token.length - 1);
        assert.equal(scheme.toLowerCase(), 'bearer');
        assert.equal(`${scheme} ${token}`, header);
      }),
      PARAMETERS,
    );
  });

  it("reads back any token without spaces, whatever the scheme's case", () => {
    fc.assert(
      fc.property(fc.mixedCase(fc.constant('bearer')), tokenWithoutSpaces, (scheme, token) => {
        assert.equal(bearerToken(`${scheme} ${token}`), token);
      }),
      PARAMETERS,
    );
  });

  it('ignores a header over 1,024 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 1018, maxLength: 3000 }), (token) => {
        assert.equal(bearerToken(`Bearer ${token.replaceAll(' ', '_')}`), undefined);
      }),
      PARAMETERS,
    );
  });
});

describe('parseContentType', () => {
  const CODES = ['contentTypeEmpty', 'contentTypeInvalid', 'charsetNotSupported', 'mediaTypeNotUnderstood'] as const;

  it('answers a format or one of its four 400s, and json only for application/json itself', () => {
    fc.assert(
      fc.property(hostileText(MEDIA_PIECES, 1200), (header) => {
        const result = throwsOnlyCatalogueErrors(() => parseContentType(header), CODES);
        if (typeof result !== 'string') return assert.equal(result.status, 400);
        const mediaType = header.split(';')[0];
        assert.equal(result, mediaType === 'application/json' ? 'json' : 'xml');
        assert.ok(['application/json', 'application/xml', 'text/xml', 'application/xhtml+xml'].includes(mediaType!));
      }),
      PARAMETERS,
    );
  });

  it('accepts every supported type with any spelling of charset=utf-8', () => {
    const supported = fc.constantFrom(
      ['application/json', 'json'],
      ['application/xml', 'xml'],
      ['text/xml', 'xml'],
      ['application/xhtml+xml', 'xml'],
    );
    const charset = fc.option(fc.tuple(fc.nat(3), fc.mixedCase(fc.constant('charset=utf-8'))), { nil: undefined });
    fc.assert(
      fc.property(supported, charset, ([type, format], suffix) => {
        const header = suffix ? `${type};${' '.repeat(suffix[0])}${suffix[1]}` : type;
        assert.equal(parseContentType(header), format);
      }),
      PARAMETERS,
    );
  });
});

describe('negotiateAccept and acceptTypes', () => {
  const MATCHING = new Set([
    '*/*',
    'application/*',
    'text/*',
    'application/json',
    'text/xml',
    'application/xml',
    'application/xhtml+xml',
  ]);
  // Well-formed lists too, so that every renderer and wildcard is reached, with Magento's odd q handling.
  const entry = fc
    .tuple(
      fc.constantFrom('*', 'application', 'text', 'image', 'x-custom'),
      fc.constantFrom('*', 'json', 'xml', 'xhtml+xml', 'html', 'png'),
      fc.constantFrom('', ';q=0', ';q=0.5', ';q=1', ';level=1', ';q=abc', '; q=0.9'),
    )
    .map(([major, minor, parameter]) => `${major}/${minor}${parameter}`);
  const acceptList = fc.array(entry, { minLength: 1, maxLength: 8 }).map((entries) => entries.join(', '));

  it('never throw; a format is chosen exactly when some accepted type has a renderer', () => {
    fc.assert(
      fc.property(fc.oneof(hostileText(MEDIA_PIECES, 300), acceptList), (header) => {
        const types = acceptTypes(header);
        assert.ok(types.length <= 64);
        for (const type of types) assert.match(type, /^[0-9a-z*+-]+(?:\/[0-9a-z*+.-]+)?$/i);
        const format = negotiateAccept(header);
        assert.ok(format === undefined || format === 'json' || format === 'xml');
        assert.equal(
          format !== undefined,
          types.some((type) => MATCHING.has(type)),
          `types ${JSON.stringify(types)}`,
        );
        assert.equal(negotiateAccept(header), format, 'a cached answer is the same answer');
      }),
      PARAMETERS,
    );
  });

  it('refuse headers over the work bounds', () => {
    fc.assert(
      fc.property(fc.integer({ min: 65, max: 400 }), (entries) => {
        assert.deepEqual(acceptTypes(Array(entries).fill('application/json').join(',')), []);
        assert.equal(negotiateAccept(`application/json,${' '.repeat(4096)}`), undefined);
      }),
      PARAMETERS,
    );
  });
});

describe('resolveApiPath', () => {
  it('answers nothing, a 400, or a service path starting /V<digits>', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('', '/rest', '/rest/', '/index.php/rest', '/x/rest'),
        hostileText(PATH_PIECES, 300),
        (prefix, rest) => {
          const path = prefix + rest;
          const target = throwsOnlyCatalogueErrors(() => resolveApiPath(path, DIRECTORY), ['requestNotProcessable']);
          if (target === undefined || !('store' in target)) return;
          assert.match(target.path, /^\/V\d+(\/|$)/);
          assert.ok(path.includes('/rest/'));
          assert.ok(DIRECTORY.views.includes(target.store));
        },
      ),
      PARAMETERS,
    );
  });

  it('strips exactly one store code, and `all` is the admin store', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._~%-]{1,12}$/);
    const servicePath = fc
      .tuple(fc.nat(99), fc.array(segment, { maxLength: 5 }))
      .map(([v, rest]) => ['', `V${v}`, ...rest].join('/'));
    fc.assert(
      fc.property(fc.constantFrom('', '/all', '/default'), fc.boolean(), servicePath, (store, indexPhp, service) => {
        const target = resolveApiPath(`${indexPhp ? '/index.php' : ''}/rest${store}${service}`, DIRECTORY);
        assert.equal(target?.path, service);
        assert.equal(target?.store.id, store === '/all' ? 0 : 1);
      }),
      PARAMETERS,
    );
  });
});
