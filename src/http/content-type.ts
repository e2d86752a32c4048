/**
 * Request Content-Type → body format, with Magento's exact rules (`Webapi\Rest\Request::getContentType` and
 * `Rest\Request\DeserializerFactory`), errors included.
 */
import { AppError } from '../errors.ts';

/** The two body formats Keyway reads and writes. */
export type BodyFormat = 'json' | 'xml';

// Longer headers are refused before the regex runs: no legitimate Content-Type comes near this.
const MAX_LENGTH = 1024;
// Magento's `~^([a-z\d/\-+.]+)(?:; *charset=(.+))?$~Ui`: any parameter other than charset is invalid.
const CONTENT_TYPE = /^([a-z\d/\-+.]+)(?:; *charset=(.+))?$/i;
// A Map, not an object literal: a media type such as `constructor` must not find Object.prototype members.
const DESERIALIZERS: ReadonlyMap<string, BodyFormat> = new Map([
  ['application/json', 'json'],
  ['application/xml', 'xml'],
  ['text/xml', 'xml'],
  ['application/xhtml+xml', 'xml'],
]);

// Clients send the same few headers over and over; the formats they name are remembered, up to a bound.
const understood = new Map<string, BodyFormat>();
const MAX_REMEMBERED = 100;

/** The body format for a Content-Type header, or the AppError Magento answers with (all 400s). */
export function parseContentType(header: string | undefined): BodyFormat {
  const known = header === undefined ? undefined : understood.get(header);
  if (known !== undefined) return known;
  const format = readContentType(header);
  if (understood.size < MAX_REMEMBERED) understood.set(header!, format);
  return format;
}

function readContentType(header: string | undefined): BodyFormat {
  // PHP's `!$headerValue`: the string "0" counts as empty too.
  if (!header || header === '0') throw new AppError('contentTypeEmpty');
  if (header.length > MAX_LENGTH) throw new AppError('contentTypeInvalid');
  const match = CONTENT_TYPE.exec(header);
  if (!match) throw new AppError('contentTypeInvalid');
  const [, mediaType, charset] = match;
  if (charset !== undefined && charset.toLowerCase() !== 'utf-8') throw new AppError('charsetNotSupported');
  // Compared exactly and case-sensitively, as Magento does: `Application/JSON` is not understood.
  const format = DESERIALIZERS.get(mediaType);
  if (!format) throw new AppError('mediaTypeNotUnderstood', [mediaType]);
  return format;
}
