import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AddressThrottle } from '../auth/address-throttle.ts';
import { AppError, CATALOGUE } from '../errors.ts';
import type { TokenPair } from '../integrations/integration.ts';
import type { IntegrationStore } from '../integrations/integration-store.ts';
import {
  checkAccessToken,
  checkRequestToken,
  internalProblemBody,
  type OAuthFailure,
  type OAuthPorts,
  type OAuthRequest,
  parseOAuthRequest,
  problemBody,
  tokenBody,
} from '../oauth/index.ts';
import { fromFastifyError } from './fastify-errors.ts';
import { oauthRequestParts } from './oauth-request.ts';
import { newReportId } from './report-id.ts';

/** What the handshake needs from the integration store: the OAuth ports and the two row mutations. */
export type HandshakeStore = OAuthPorts & Pick<IntegrationStore, 'issueRequestToken' | 'issueAccessToken'>;

export interface HandshakeDeps {
  store: HandshakeStore;
  addresses: AddressThrottle;
  /** The Content-Type the client sent (the app hides it from Fastify's own parsers). */
  contentTypeOf(request: FastifyRequest): string | undefined;
  /** The app's body limit; a handshake body is bounded further. */
  bodyLimit: number;
}

type Step = (request: OAuthRequest | undefined, store: HandshakeStore) => Promise<TokenPair | OAuthFailure>;

const STEPS: Readonly<Record<'request' | 'access', Step>> = {
  // Magento's `Token/Provider::createRequestToken`: the verifier row, checked, becomes the request token.
  async request(request, store) {
    const granted = await checkRequestToken(request, store);
    if (!granted.ok) return granted;
    return (await store.issueRequestToken(granted.token.id)) ?? { ok: false, code: 'oauthNotVerifierToken' };
  },
  // `Controller/Token/Access`: the request row becomes the access token, and the integration Active.
  async access(request, store) {
    const granted = await checkAccessToken(request, store);
    if (!granted.ok) return granted;
    return (await store.issueAccessToken(granted.token.id)) ?? { ok: false, code: 'oauthNotRequestToken' };
  },
};

// Magento's storefront routes take any method; these are the ones Node hands to a route.
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'] as const;
// Handshake bodies are a few hundred bytes; the parser reads at most 32 KB of form, so more is never needed.
const HANDSHAKE_BODY_LIMIT = 64 * 1024;
// Magento sets no Content-Type on these answers: the storefront default stays.
const CONTENT_TYPE = 'text/html; charset=UTF-8';

/**
 * `/oauth/token/request` and `/oauth/token/access` (Magento's storefront controllers, reference §6), also under
 * `/index.php/` and with a trailing slash. Answers `oauth_token=...&oauth_token_secret=...`, or
 * `oauth_problem=...` with Magento's status: 400 for input, 401 for OAuth errors, 500 for anything else.
 */
export function registerOAuthEndpoints(app: FastifyInstance, deps: HandshakeDeps): void {
  const bodyLimit = Math.min(deps.bodyLimit, HANDSHAKE_BODY_LIMIT);
  for (const [name, step] of Object.entries(STEPS)) {
    const handler = (request: FastifyRequest, reply: FastifyReply) => handshake(request, reply, step, deps);
    for (const prefix of ['', '/index.php']) {
      for (const slash of ['', '/']) {
        app.route({
          method: [...METHODS],
          url: `${prefix}/oauth/token/${name}${slash}`,
          bodyLimit,
          handler,
          errorHandler: (error, request, reply) => {
            const refused = fromFastifyError(error, bodyLimit);
            if (refused) return void answerProblem(reply, refused);
            answerInternal(request, reply, error);
          },
        });
      }
    }
  }
}

async function handshake(request: FastifyRequest, reply: FastifyReply, step: Step, deps: HandshakeDeps) {
  const { addresses, store } = deps;
  try {
    // A throttled address costs no database work beyond this read, as a throttled sign-in costs no hash.
    await addresses.refuseIfThrottled(request.ip, 'integration', '');
    const parsed = parseOAuthRequest(
      oauthRequestParts({
        method: request.method,
        origin: { scheme: request.protocol, host: request.headers.host ?? '', target: request.url },
        authorization: request.headers.authorization,
        contentType: deps.contentTypeOf(request),
        body: Buffer.isBuffer(request.body) ? request.body : undefined,
      }),
    );
    const outcome = parsed?.ok === false ? parsed : await step(parsed, store);
    if ('token' in outcome) return answer(reply, 200, tokenBody(outcome.token, outcome.secret));
    // Failed handshakes count against the address like failed sign-ins (a 429 replaces the answer past the limit).
    await addresses.countFailure(request.ip, 'integration', '');
    request.log.info({ event: 'oauth_refused', code: outcome.code, detail: outcome.detail }, 'OAuth handshake refused');
    answer(reply, CATALOGUE[outcome.code].status, problemBody(outcome));
  } catch (error) {
    if (error instanceof AppError) answerProblem(reply, error);
    else answerInternal(request, reply, error);
  }
}

function answerProblem(reply: FastifyReply, error: AppError): void {
  reply.headers(error.headers);
  answer(reply, error.status, problemBody({ ok: false, code: error.code, parameters: error.parameters }));
}

// Magento puts the exception's message in the body; Keyway puts only a report id there and the detail in the log.
function answerInternal(request: FastifyRequest, reply: FastifyReply, error: unknown): void {
  const reportId = newReportId();
  request.log.error({ err: error, reportId }, 'internal error');
  answer(reply, 500, internalProblemBody(new AppError('internalError', [reportId]).message));
}

function answer(reply: FastifyReply, status: number, body: string): void {
  reply.code(status).type(CONTENT_TYPE).send(body);
}
