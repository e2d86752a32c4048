/** The part of pino that domain code uses, so it can log without knowing the transport. */
export interface Logger {
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
