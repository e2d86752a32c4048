import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Keyway's JSON log. A request line carries the path without its query string, because Magento lets
 * credentials travel in the query (`?username=...&password=...`); headers are never logged, and any field
 * named like a secret is censored wherever it appears.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: {
        paths: ['password', '*.password', 'token', '*.token', 'authorization', '*.authorization', 'req.headers'],
        censor: '[redacted]',
      },
      serializers: {
        req: (request: { method?: string; url?: string; id?: string; ip?: string }) => ({
          id: request.id,
          method: request.method,
          path: request.url?.split('?', 1)[0],
          ip: request.ip,
        }),
        res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
      },
    },
    destination,
  );
}
