import { AppError, type ErrorCode, type ErrorParameters } from '../errors.ts';

/** A refused OAuth request, as a value: the catalogue error, its parameters, and for aggregates the errors inside. */
export interface OAuthFailure {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly parameters?: ErrorParameters;
  readonly errors?: readonly OAuthFailure[];
  /** For the log only (why a 400 input was refused); never sent to the client. */
  readonly detail?: string;
}

/** A failure naming one catalogue error. */
export function fail(code: ErrorCode, parameters?: ErrorParameters): OAuthFailure {
  return parameters === undefined ? { ok: false, code } : { ok: false, code, parameters };
}

/** The 400 for input Keyway will not process (over-long, duplicated, malformed); `detail` goes to the log. */
export function rejectInput(detail: string): OAuthFailure {
  return { ok: false, code: 'badRequest', detail };
}

/** The failure as the AppError the REST error renderer expects (single or aggregate form). */
export function toAppError(failure: OAuthFailure): AppError {
  return new AppError(failure.code, failure.parameters, (failure.errors ?? []).map(toAppError));
}
