import type { Principal } from '../auth/principal.ts';
import { AppError } from '../errors.ts';

/**
 * RFC 6750's challenge on a refused call. Magento sends none; Keyway adds it to every 401 and leaves the body
 * as Magento writes it. A token that was presented and refused is `invalid_token`; no token means no error
 * code (RFC 6750 §3.1); a valid token lacking a resource may become a 403 `insufficient_scope` by setting.
 */
export function challenge(
  error: AppError,
  principal: Principal,
  tokenPresented: boolean,
  options: { realm: string; insufficientScopeAs403: boolean },
): AppError {
  const realm = `Bearer realm="${options.realm.replace(/["\\]/g, '')}"`;
  if (error.code === 'notAuthorized' && principal.kind !== 'guest' && options.insufficientScopeAs403) {
    return new AppError('insufficientScope', error.parameters, error.errors, {
      'WWW-Authenticate': `${realm}, error="insufficient_scope"`,
    });
  }
  if (error.status !== 401) return error;
  const refused = tokenPresented && principal.kind === 'guest';
  return new AppError(error.code, error.parameters, error.errors, {
    ...error.headers,
    'WWW-Authenticate': refused ? `${realm}, error="invalid_token"` : realm,
  });
}

/** A refused OAuth 1.0a signature: its 401 carries the OAuth challenge (OAuth 1.0 §5.4.2) rather than Bearer's. */
export function oauthChallenge(error: AppError, realm: string): AppError {
  if (error.status !== 401) return error;
  return new AppError(error.code, error.parameters, error.errors, {
    ...error.headers,
    'WWW-Authenticate': `OAuth realm="${realm.replace(/["\\]/g, '')}"`,
  });
}
