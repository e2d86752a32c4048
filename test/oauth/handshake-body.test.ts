// Handshake response bodies: PHP http_build_query, RFC 1738 encoding (space as +, upper-case %XX).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  buildQuery,
  checkRequestToken,
  internalProblemBody,
  parseOAuthRequest,
  problemBody,
  tokenBody,
} from '../../src/oauth/index.ts';
import { fakePorts } from './fake-ports.ts';

test('the exact body of reference §6.2 for a request with no Authorization header at all', async () => {
  // No header: Magento's parameter set is empty, so every required name is listed.
  const request = parseOAuthRequest({
    method: 'POST',
    scheme: 'https',
    host: 'shop.example.com',
    target: '/oauth/token/request',
    authorization: undefined,
    contentType: undefined,
    body: undefined,
  });
  assert.equal(request, undefined);
  const result = await checkRequestToken(request, fakePorts('verifier'));
  assert.equal(result.ok, false);
  assert.equal(
    problemBody(result as never),
    'oauth_problem=%22oauth_consumer_key%22+is+required.+Enter+and+try+again%2C+%22oauth_signature%22+is+required.+Enter+and+try+again%2C+%22oauth_signature_method%22+is+required.+Enter+and+try+again%2C+%22oauth_nonce%22+is+required.+Enter+and+try+again%2C+%22oauth_timestamp%22+is+required.+Enter+and+try+again',
  );
});

test('single problems: the message rendered, trailing dot kept', () => {
  assert.equal(problemBody({ ok: false, code: 'oauthConsumerExpired' }), 'oauth_problem=Consumer+key+has+expired');
  assert.equal(
    problemBody({ ok: false, code: 'fieldRequired', parameters: { fieldName: 'oauth_nonce' } }),
    'oauth_problem=%22oauth_nonce%22+is+required.+Enter+and+try+again.',
  );
  assert.equal(
    problemBody({ ok: false, code: 'oauthNonceUsed', parameters: ['5'] }),
    'oauth_problem=The+nonce+is+already+being+used+by+the+consumer+with+ID+5',
  );
});

test('the success body of both steps (documentation example)', () => {
  assert.equal(
    tokenBody('4cqw0r7vo0s5goyyqnjb72sqj3vxwr0h', 'rig3x3j5a9z5j6d4ubjwyf9f1l21itrr'),
    'oauth_token=4cqw0r7vo0s5goyyqnjb72sqj3vxwr0h&oauth_token_secret=rig3x3j5a9z5j6d4ubjwyf9f1l21itrr',
  );
});

test('http_build_query encoding: space as +, ~ and * escaped, upper-case hex', () => {
  assert.equal(buildQuery({ 'a b': 'c~d*e/é&=' }), 'a+b=c%7Ed%2Ae%2F%C3%A9%26%3D');
});

test("an unexpected error: Magento's internal_error body with its & and = encoded", () => {
  assert.equal(internalProblemBody('boom'), 'oauth_problem=internal_error%26message%3Dboom');
  assert.equal(internalProblemBody(''), 'oauth_problem=internal_error%26message%3Dempty_message');
});
