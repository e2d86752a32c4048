// Bounds on everything an OAuth request carries. Past them the request is refused as a 400 before any work,
// so a hostile header costs neither memory nor a database look-up. Each is far above what a real client sends.

/** An Authorization header longer than this is refused; oauth-1.0a's are about 400 bytes. */
export const MAX_HEADER_BYTES = 8 * 1024;
/** Parameters from the header, form body and query together. */
export const MAX_PARAMETERS = 256;
/** A query string or form body longer than this is not parsed for signing. */
export const MAX_PARAMETER_SOURCE_BYTES = 32 * 1024;
/** Any single `oauth_*` value: tokens, keys and signatures are under 64 characters, a callback URL well under this. */
export const MAX_PROTOCOL_VALUE_LENGTH = 1024;
/** Magento's column is varchar(32) but Adobe's own signer sends 44; Keyway stores up to 255 whole. */
export const MAX_NONCE_LENGTH = 255;
/** The host part of the signed URL. */
export const MAX_HOST_LENGTH = 255;
