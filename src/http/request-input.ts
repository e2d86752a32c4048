import { isUtf8 } from 'node:buffer';
import { decodeJson, toInputParams } from '../codecs/json-codec.ts';
import { decodeXml } from '../codecs/xml-codec.ts';
import { AppError } from '../errors.ts';
import { parseContentType } from './content-type.ts';

/**
 * The request body as service input (`Webapi\Rest\Request::getBodyParams`): only POST and PUT bodies are read,
 * an empty body (or PHP's falsy "0") is no input, and otherwise the Content-Type rules and the codec decide.
 */
export function decodeBody(
  method: string,
  body: Buffer | undefined,
  contentType: string | undefined,
): Record<string, unknown> {
  if ((method !== 'POST' && method !== 'PUT') || !body || body.length === 0) return NO_INPUT;
  if (body.length === 1 && body[0] === 0x30) return NO_INPUT;
  const format = parseContentType(contentType);
  // Invalid UTF-8 is a decoding error, as json_decode makes it; a byte-order mark is kept for the codecs to judge.
  if (!isUtf8(body)) throw new AppError('decodingError');
  const text = body.toString('utf8');
  return toInputParams(format === 'json' ? decodeJson(text) : decodeXml(text));
}

/**
 * Merges the input sources as Magento's `InputParamsResolver` does: GET and DELETE read the query and path;
 * POST and PUT read the body, overridden by the query and then by the path parameters.
 */
export function mergeInput(
  body: Record<string, unknown>,
  query: Record<string, unknown>,
  pathParams: Readonly<Record<string, string>>,
): Record<string, unknown> {
  // A decoded body is this call's own object: when nothing overrides it, it is the input as it stands.
  if (body !== NO_INPUT && query === NO_INPUT && isEmpty(pathParams)) return body;
  const input: Record<string, unknown> = Object.create(null);
  // The shared empty input has nothing to copy; a warm GET has it for both body and query.
  if (body !== NO_INPUT) copyInto(input, body);
  if (query !== NO_INPUT) copyInto(input, query);
  copyInto(input, pathParams);
  return input;
}

function isEmpty(record: Readonly<Record<string, unknown>>): boolean {
  for (const key in record) if (Object.hasOwn(record, key)) return false;
  return true;
}

function copyInto(input: Record<string, unknown>, source: Readonly<Record<string, unknown>>): void {
  for (const key in source) if (Object.hasOwn(source, key)) input[key] = source[key];
}

/** No input at all: shared, and frozen so that no caller can make it someone else's input. */
export const NO_INPUT: Record<string, unknown> = Object.freeze(Object.create(null));
