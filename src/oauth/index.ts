// Magento's OAuth 1.0a as pure functions: parsing, signatures, the check sequences, and handshake bodies.
export { type OAuthFailure, toAppError } from './failure.ts';
export { NO_PARAMETERS, type OAuthRequest, parseOAuthRequest, type RequestParts } from './parse-request.ts';
export type { OAuthConsumer, OAuthPorts, OAuthSettings, OAuthToken } from './ports.ts';
export { parameterString, signatureBaseString, signingKey } from './base-string.ts';
export { computeSignature, isAcceptedMethod, type SignatureMethod, verifySignature } from './signature.ts';
export { TIMESTAMP_WINDOW_SECONDS } from './protocol-checks.ts';
export { type RequestTokenGranted, checkRequestToken } from './request-token.ts';
export { type AccessTokenGranted, checkAccessToken } from './access-token.ts';
export { type SignedCallAccepted, checkSignedCall } from './signed-call.ts';
export { buildQuery, internalProblemBody, problemBody, tokenBody } from './handshake-body.ts';
