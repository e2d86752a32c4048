// Hostile OAuth input: whatever the header, query or body, parsing and every check sequence answer with a
// catalogue error of status 4xx (or accept), and never throw. Seeded like the other property suites.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkAccessToken,
  checkRequestToken,
  checkSignedCall,
  type OAuthFailure,
  type OAuthRequest,
  parseOAuthRequest,
  problemBody,
  type RequestParts,
  toAppError,
} from '../../src/oauth/index.ts';
import { announceSeed, hostileText, PARAMETERS } from '../security/property-runs.ts';
import { assertRefused } from './assertions.ts';
import { fakePorts } from './fake-ports.ts';
import { signWithLibrary } from './sign-helper.ts';

announceSeed('oauth input');

const HEADER_PIECES = [
  'OAuth ',
  'oauth ',
  'Oauth',
  'realm="x"',
  'oauth_consumer_key=',
  'oauth_token=',
  'oauth_nonce=',
  'oauth_timestamp=',
  'oauth_signature=',
  'oauth_signature_method=',
  'oauth_version=',
  'oauth_verifier=',
  'HMAC-SHA256',
  'HMAC-SHA1',
  '1.0',
  '1700000000',
  'ckey0000000000000000000000000001',
  'tok00000000000000000000000000001',
  '"',
  '""',
  ',',
  ', ',
  '=',
  '%',
  '%zz',
  '%2',
  '%41',
  '%FF',
  '%C3%A9',
  '+',
  ' ',
  '\t',
  'é',
  '\u0000',
  '\ud800',
  '__proto__',
  'constructor',
];
const QUERY_PIECES = ['?', '&', '=', 'a', 'searchCriteria', '[', ']', '%', '%zz', '%5B', '+', 'oauth_token', '#', 'é'];

function partsArbitrary(): fc.Arbitrary<RequestParts> {
  return fc.record({
    method: fc.constantFrom('GET', 'POST', 'put', ''),
    scheme: fc.constantFrom('http', 'https', 'HTTPS', ''),
    host: fc.oneof(
      fc.constantFrom('shop.example.com', 'SHOP:443', '[::1]:80', ''),
      hostileText(['a', ':', '[', ']'], 40),
    ),
    target: hostileText(QUERY_PIECES, 300).map((query) => `/rest/V1/x${query}`),
    authorization: fc.option(hostileText(HEADER_PIECES, 400), { nil: undefined }),
    contentType: fc.constantFrom(undefined, 'application/x-www-form-urlencoded', 'application/json'),
    body: fc.option(hostileText([...QUERY_PIECES, 'oauth_nonce=1', 'oauth_verifier=v'], 300), { nil: undefined }),
  });
}

function assertCatalogue4xx(result: unknown): void {
  if (result === undefined || (result as { ok: boolean }).ok) return;
  const error = toAppError(result as OAuthFailure);
  assert.ok(error.status >= 400 && error.status < 500, `a 4xx, got ${error.status} ${error.code}`);
  // The handshake body renders without throwing too.
  problemBody(result as OAuthFailure);
}

describe('hostile OAuth requests', () => {
  it('parse and every check sequence give a catalogue 4xx or accept, and never throw', async () => {
    await fc.assert(
      fc.asyncProperty(partsArbitrary(), async (parts) => {
        const parsed = parseOAuthRequest(parts);
        assertCatalogue4xx(parsed);
        if (parsed !== undefined && !parsed.ok) return;
        const request = parsed as OAuthRequest | undefined;
        assertCatalogue4xx(await checkRequestToken(request, fakePorts('verifier')));
        assertCatalogue4xx(await checkAccessToken(request, fakePorts('request')));
        assertCatalogue4xx(await checkSignedCall(request, fakePorts('access')));
      }),
      PARAMETERS,
    );
  });

  it('a signed request with one header byte changed is never accepted', async () => {
    const parts = signWithLibrary({ url: 'https://shop.example.com/rest/V1/products?searchCriteria[pageSize]=10' });
    const header = parts.authorization!;
    const original = (parseOAuthRequest(parts) as OAuthRequest).values;
    await fc.assert(
      fc.asyncProperty(fc.nat(header.length - 1), fc.integer({ min: 1, max: 0xff }), async (at, flip) => {
        const changed = header.slice(0, at) + String.fromCharCode(header.charCodeAt(at) ^ flip) + header.slice(at + 1);
        const parsed = parseOAuthRequest({ ...parts, authorization: changed });
        assertCatalogue4xx(parsed);
        if (parsed === undefined || !parsed.ok) return;
        const result = await checkSignedCall(parsed, fakePorts('access'));
        // A change that leaves the parsed values as they were (a quote, a space after a comma) may still verify.
        if (result?.ok) assert.deepEqual(parsed.values, original);
        else assertCatalogue4xx(result);
      }),
      PARAMETERS,
    );
  });
});

describe('named hostile headers', () => {
  const hostile = {
    'an unterminated quote': 'OAuth oauth_consumer_key="ckey0000000000000000000000000001, oauth_nonce="n',
    'a duplicated parameter': 'OAuth oauth_nonce="a", oauth_nonce="b"',
    'a 10 KB header': `OAuth oauth_nonce="${'x'.repeat(10 * 1024)}"`,
    'non-ASCII': 'OAuth oauth_consumer_key="ckéy", oauth_nonce="ñ✓"',
    'empty values':
      'OAuth oauth_consumer_key="", oauth_signature="", oauth_signature_method="", oauth_nonce="", oauth_timestamp=""',
    'bad percent-encoding':
      'OAuth oauth_consumer_key="%zz", oauth_nonce="%", oauth_signature="%E0%A4%A", oauth_token="%FF"',
    'only commas and equals': 'OAuth ,,,=,==,"=",oauth_x=',
  };
  for (const [name, authorization] of Object.entries(hostile)) {
    it(`${name}: a catalogue 4xx, never a crash`, async () => {
      const parts: RequestParts = {
        method: 'GET',
        scheme: 'https',
        host: 'shop.example.com',
        target: '/rest/V1/x',
        authorization,
        contentType: undefined,
        body: undefined,
      };
      const parsed = parseOAuthRequest(parts);
      if (parsed !== undefined && !parsed.ok) {
        assertRefused(parsed, 'The request is malformed.', 400);
        return;
      }
      const result = await checkSignedCall(parsed, fakePorts('access'));
      assert.ok(result && !result.ok, 'refused');
      assertCatalogue4xx(result);
    });
  }
});
