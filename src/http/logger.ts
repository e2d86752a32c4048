import pino, { type DestinationStream, type Logger } from 'pino';

// Fields named like secrets, at the depths Keyway's own log calls and error objects put them.
const SECRET_FIELDS = ['password', 'currentPassword', 'newPassword', 'token', 'accessToken', 'authorization'];
const REDACT_PATHS = [
  ...SECRET_FIELDS,
  ...SECRET_FIELDS.map((name) => `*.${name}`),
  ...SECRET_FIELDS.map((name) => `*.*.${name}`),
  'req.headers',
];

/**
 * Keyway's JSON log, one object a line on standard output. A request line carries the path without its query
 * string, because Magento lets credentials travel in the query (`?username=...&password=...`); headers are
 * never logged, and any field named like a secret is censored wherever it appears. Fastify adds `reqId` to
 * every line about a request.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: {
        req: (request: { method?: string; url?: string; id?: string; ip?: string }) => ({
          id: request.id,
          method: request.method,
          path: request.url?.split('?', 1)[0],
          ip: request.ip,
        }),
        res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
        err: serializeError,
      },
    },
    destination,
  );
}

/**
 * Only an error's class, message, code and stack: libraries hang requests, configurations and credentials on
 * their errors as extra properties, and none of those belongs in a log.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return {
    type: error.constructor.name,
    message: error.message,
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    stack: error.stack,
    ...(error.cause !== undefined ? { cause: serializeError(error.cause) } : {}),
  };
}
