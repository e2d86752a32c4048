import type { TokenService } from '../auth/token-service.ts';
import { AppError } from '../errors.ts';
import type { StoreView } from '../accounts/store-directory.ts';
import type { Keyway } from '../keyway.ts';
import { bearerToken } from './bearer.ts';
import { documentRoutes, openApiDocument, type DocumentRequest } from './openapi/document.ts';
import { REQUESTED_SERVICES } from './openapi/service-name.ts';

/** Answers `GET /rest/<store>/schema?services=...` for one caller. */
export type SchemaEndpoint = (
  store: StoreView,
  search: string,
  authorization: string | undefined,
) => Promise<Record<string, unknown>>;

/**
 * Magento's schema endpoint, in OpenAPI 3.0 rather than Magento's Swagger 2.0. `services` is `all` (also when
 * left out, as Magento 2.4 reads it) or a comma-separated list of service names; the caller's token decides
 * which routes are listed, exactly as it decides which ones answer.
 */
export function createSchemaEndpoint(
  keyway: Pick<Keyway, 'routes' | 'services'> & { tokens: Pick<TokenService, 'authenticate'> },
): SchemaEndpoint {
  const documented = documentRoutes(keyway.routes.routes, keyway.services);
  return async (store, search, authorization) => {
    const services = requestedServices(new URLSearchParams(search).get('services'));
    const principal = await keyway.tokens.authenticate(bearerToken(authorization));
    return openApiDocument(documented, { principal, store, services });
  };
}

function requestedServices(param: string | null): DocumentRequest['services'] {
  if (param === null || param === 'all') return 'all';
  if (!REQUESTED_SERVICES.test(param)) throw new AppError('servicesFormatInvalid');
  return new Set(param.split(','));
}
