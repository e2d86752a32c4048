import type { Socket } from 'node:net';
import { encodeJson } from '../codecs/json-codec.ts';
import { AppError } from '../errors.ts';
import { errorBody } from './render.ts';

/** Maps what Fastify itself refuses (oversized or malformed bodies, bad lengths) onto the catalogue. */
export function fromFastifyError(error: unknown, bodyLimit: number): AppError | undefined {
  const failure = error as { code?: string; statusCode?: number } | null;
  if (failure?.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('bodyTooLarge', [bodyLimit]);
  if (typeof failure?.statusCode === 'number' && failure.statusCode >= 400 && failure.statusCode < 500) {
    return new AppError('badRequest');
  }
  return undefined;
}

/**
 * Node refuses some requests before any handler runs (headers over the size limit, broken framing). Such a
 * client still gets an answer in Magento's error shape, then the connection closes.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  answerOnSocket(new AppError(error.code === 'HPE_HEADER_OVERFLOW' ? 'headersTooLarge' : 'badRequest'), socket);
}

/** A method Node hands over as a raw socket (CONNECT) gets Magento's 405. */
export function answerUnsupportedMethod(method: string, socket: Socket): void {
  answerOnSocket(new AppError('methodNotSupported', [method.slice(0, 32)]), socket);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  405: 'Method Not Allowed',
  431: 'Request Header Fields Too Large',
};

function answerOnSocket(appError: AppError, socket: Socket): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = encodeJson(errorBody(appError));
  const reason = REASONS[appError.status] ?? 'Bad Request';
  socket.end(
    `HTTP/1.1 ${appError.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
