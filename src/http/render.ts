import { encodeJson } from '../codecs/json-codec.ts';
import { rememberEncodings } from '../codecs/shared-values.ts';
import { encodeXml } from '../codecs/xml-codec.ts';
import { type AppError, CATALOGUE } from '../errors.ts';
import type { BodyFormat } from './content-type.ts';

export const CONTENT_TYPES: Record<BodyFormat, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
};

// A shared answer (a cached customer) is encoded once per format, however many requests it answers.
const json = rememberEncodings(encodeJson);
const xml = rememberEncodings(encodeXml);

/** A success body: the service's return value, in the negotiated format. */
export function renderBody(value: unknown, format: BodyFormat): string {
  return format === 'json' ? json(value ?? []) : xml(value ?? []);
}

/**
 * Magento's error body (`Rest\Response::_renderMessages`): `message`, then `errors` for aggregates, then
 * `parameters` when the message kept placeholders; keys written only when non-empty.
 */
export function errorBody(error: AppError): Record<string, unknown> {
  const entry = CATALOGUE[error.code];
  const rendered = 'rendered' in entry && entry.rendered;
  const body: Record<string, unknown> = { message: rendered ? error.message : entry.message };
  if (error.errors.length > 0) body.errors = error.errors.map(errorBody);
  if (!rendered && hasValues(error.parameters)) body.parameters = error.parameters;
  return body;
}

function hasValues(parameters: AppError['parameters']): boolean {
  if (!parameters) return false;
  return Array.isArray(parameters) ? parameters.length > 0 : Object.keys(parameters).length > 0;
}
