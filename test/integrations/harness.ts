// Integrations for the HTTP suites: created and activated through the integration store, then driven through
// the app's real endpoints and routes with requests signed by oauth-1.0a.
import assert from 'node:assert/strict';
import type { Integration, IntegrationInput } from '../../src/integrations/integration.ts';
import type { Activation } from '../../src/integrations/integration-service.ts';
import type { CallResult, TestServer } from '../helpers/test-app.ts';
import { type KeyPair, type SignedRequest, type SignedRequestOptions, signRequest } from './signing.ts';

/** Where the in-process app believes it is: the Host header inject() sends and the URL clients sign. */
export const ORIGIN = 'http://localhost';

/** The four credentials Magento shows on activation. */
export interface Credentials {
  consumer: KeyPair;
  token: KeyPair;
}

/** A new integration; by default one with all resources and no endpoint. */
export async function createIntegration(
  server: TestServer,
  input: Partial<IntegrationInput> = {},
): Promise<Integration> {
  return server.keyway.integrations.create({
    name: `Integration ${Math.random().toString(36).slice(2, 10)}`,
    email: 'ops@example.com',
    endpoint: null,
    identityLinkUrl: null,
    allResources: true,
    resources: [],
    ...input,
  });
}

/** The consumer key and secret of an integration. */
export async function consumerOf(server: TestServer, integration: Integration): Promise<KeyPair> {
  const consumer = await server.keyway.integrationStore.consumerOf(integration.id);
  return { key: consumer.key, secret: consumer.secret };
}

/** The four credentials of an activation without an endpoint, as key pairs. */
function pairsOf(activation: Activation): Credentials {
  const credentials = activation.credentials;
  assert.ok(credentials, 'an integration without an endpoint answers its credentials');
  return {
    consumer: { key: credentials.consumerKey, secret: credentials.consumerSecret },
    token: { key: credentials.accessToken, secret: credentials.accessTokenSecret },
  };
}

/** Activation without an endpoint (Magento's tokens dialog): the integration becomes Active with a new token. */
export async function activateManually(server: TestServer, integration: Integration): Promise<Credentials> {
  return pairsOf(await server.keyway.integrations.activate(integration.id));
}

/** Reauthorize without an endpoint: the old access token goes (from every cache too), a new one is issued. */
export async function reauthorize(server: TestServer, integration: Integration): Promise<Credentials> {
  return pairsOf(await server.keyway.integrations.reauthorize(integration.id));
}

/** Activation with an endpoint, up to what Keyway posts: the exchange window opens and a verifier exists. */
export async function startExchange(
  server: TestServer,
  integration: Integration,
): Promise<{ consumer: KeyPair; verifier: string }> {
  const { verifier } = await server.keyway.integrationStore.startTokenExchange(integration.id);
  return { consumer: await consumerOf(server, integration), verifier };
}

/** Sends a signed request through inject(), with the Host header the client signed. */
export async function send(server: TestServer, request: SignedRequest): Promise<CallResult> {
  const url = new URL(request.url);
  const response = await server.app.inject({
    method: request.method as 'GET',
    url: url.pathname + url.search,
    headers: { ...request.headers, host: url.host },
    ...(request.body === undefined ? {} : { payload: request.body }),
  });
  let json: unknown;
  try {
    json = JSON.parse(response.body);
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, text: response.body, headers: response.headers, json };
}

/** Signs (on the server's clock) and sends. */
export function signed(server: TestServer, options: Omit<SignedRequestOptions, 'clockMs'>): Promise<CallResult> {
  return send(server, signRequest({ ...options, clockMs: server.clock.now() }));
}

/** The parsed `oauth_token=...&oauth_token_secret=...` of a handshake step that must succeed. */
export function tokenFrom(result: CallResult): KeyPair {
  assert.equal(result.status, 200, result.text);
  assert.match(result.text, /^oauth_token=[0-9a-z]{32}&oauth_token_secret=[0-9a-z]{32}$/);
  const fields = new URLSearchParams(result.text);
  return { key: fields.get('oauth_token')!, secret: fields.get('oauth_token_secret')! };
}

/** The whole handshake after activation with an endpoint: request token, then access token. */
export async function handshake(server: TestServer, consumer: KeyPair, verifier: string): Promise<KeyPair> {
  const request = tokenFrom(await signed(server, { method: 'POST', url: `${ORIGIN}/oauth/token/request`, consumer }));
  return tokenFrom(
    await signed(server, {
      method: 'POST',
      url: `${ORIGIN}/oauth/token/access`,
      consumer,
      token: request,
      extra: { oauth_verifier: verifier },
    }),
  );
}

/** `oauth_problem=<message>` as Magento's http_build_query writes it. */
export function problem(message: string): string {
  return `oauth_problem=${encodeURIComponent(message)
    .replace(/%20/g, '+')
    .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}
