import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi, { type FastifySwaggerUiConfigOptions } from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { StoreDirectory } from '../accounts/store-directory.ts';

export const SWAGGER_PREFIX = '/swagger';

// The page fetches the document the way any client does, from Magento's schema URL, so it lists what the
// signed-in token allows. Two small pieces of browser code make that work: the request interceptor sends the
// bearer token with the document request, and the plugin fetches the document again whenever the user
// authorizes or logs out in the UI, so the routes shown always follow the token.
const REQUEST_INTERCEPTOR = `function (request) {
  if (request.loadSpec && window.keywayBearerToken) request.headers.Authorization = 'Bearer ' + window.keywayBearerToken;
  return request;
}`;
const RELOAD_ON_AUTH_PLUGIN = `function () {
  function reloading(remember) {
    return function (original, system) {
      return function (payload) {
        var result = original(payload);
        remember(payload);
        system.specActions.download();
        return result;
      };
    };
  }
  return [SwaggerUIBundle.plugins.DownloadUrl, { statePlugins: { auth: { wrapActions: {
    authorize: reloading(function (payload) {
      var entry = payload && payload.bearer;
      window.keywayBearerToken = entry && entry.value ? entry.value : undefined;
    }),
    logout: reloading(function () { window.keywayBearerToken = undefined; })
  } } } }];
}`;

/** @fastify/swagger-ui writes function-valued options into its page with `toString()`; this hands it browser code verbatim. */
function browserCode<T>(source: string): T {
  const code = () => {};
  code.toString = () => source;
  return code as T;
}

/**
 * Swagger UI at `/swagger` (not in Magento), served by @fastify/swagger-ui, reading `/rest/<store>/schema`.
 * A guest sees the anonymous routes, the token routes among them; "Authorize" with the token they answer
 * reloads the document with that token's routes.
 */
export function registerSwaggerUi(app: FastifyInstance, directory: StoreDirectory): void {
  const stores = directory.views
    .filter((view) => view.id !== 0)
    .map((view) => ({ url: `/rest/${view.code}/schema?services=all`, name: `${view.name} (/rest/${view.code})` }));
  const urls = [...stores, { url: '/rest/all/schema?services=all', name: 'Admin store (/rest/all)' }];
  // @fastify/swagger-ui needs @fastify/swagger registered; its own document stays empty, because the real
  // one depends on the caller and is served by the schema endpoint.
  void app.register(fastifySwagger, {
    mode: 'static',
    specification: { document: { openapi: '3.0.3', info: { title: 'Keyway', version: '1' }, paths: {} } },
  });
  const uiConfig: FastifySwaggerUiConfigOptions = {
    urls,
    requestInterceptor: browserCode(REQUEST_INTERCEPTOR),
    plugins: [browserCode(RELOAD_ON_AUTH_PLUGIN)],
    // Tokens stay in the page's memory, never in localStorage where any script on the origin could read them.
    persistAuthorization: false,
  };
  void app.register(fastifySwaggerUi, {
    routePrefix: SWAGGER_PREFIX,
    theme: { title: 'Keyway API' },
    uiConfig,
    uiHooks: {
      // The package's own /json and /yaml would serve that empty document; they point at the real one instead.
      onRequest: (request, reply, done) => {
        if (/\/(json|yaml)$/.test(request.routeOptions.url ?? '')) {
          void reply.redirect(urls[0]!.url);
          return;
        }
        done();
      },
    },
  });
}
