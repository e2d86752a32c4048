/**
 * The error catalogue: every error Keyway can answer with, keyed by a stable code, holding Magento's exact
 * wording and HTTP status. Domain code throws `AppError`; only `http/` turns one into a response.
 *
 * `rendered: true` mirrors Magento's `Webapi\Exception`: placeholders are filled into the message and no
 * `parameters` are sent. Otherwise the message keeps its placeholders (`%resources`, `%1`) and the values
 * travel in `parameters`, as Magento does for a `LocalizedException`.
 */
export const CATALOGUE = {
  routeNotFound: { status: 404, message: 'Request does not match any route.' },
  methodNotSupported: { status: 405, message: 'The %1 HTTP method is not supported.', rendered: true },
  requestNotProcessable: { status: 400, message: 'Specified request cannot be processed.' },
  /** `Rest\Request::getRequestedServices`, for `/rest/<store>/schema?services=...`. */
  servicesFormatInvalid: { status: 400, message: 'Incorrect format of request URI or Requested services are missing.' },
  contentTypeEmpty: { status: 400, message: 'Content-Type header is empty.' },
  contentTypeInvalid: { status: 400, message: 'Content-Type header is invalid.' },
  charsetNotSupported: { status: 400, message: 'UTF-8 is the only supported charset.' },
  mediaTypeNotUnderstood: {
    status: 400,
    message: 'Server cannot understand Content-Type HTTP header media type %1',
    rendered: true,
  },
  notAcceptable: {
    status: 406,
    message:
      'Server cannot match any of the given Accept HTTP header media type(s) from the request: "%1" with media types from the config of response renderer.',
    rendered: true,
  },
  decodingError: { status: 400, message: 'Decoding error.' },
  bodyTooLarge: { status: 413, message: 'The request body is larger than %1 bytes.', rendered: true },
  headersTooLarge: { status: 431, message: 'The request headers are too large.' },
  badRequest: { status: 400, message: 'The request is malformed.' },
  notAuthorized: { status: 401, message: "The consumer isn't authorized to access %resources." },
  /** The same refusal as a 403, when `webapi/auth/insufficient_scope_403` asks for RFC 6750's status. */
  insufficientScope: { status: 403, message: "The consumer isn't authorized to access %resources." },
  signInIncorrect: {
    status: 401,
    message:
      'The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.',
  },
  fieldRequired: { status: 400, message: '"%fieldName" is required. Enter and try again.' },
  inputExceptions: { status: 400, message: 'One or more input exceptions have occurred.' },
  /** Magento rethrows the type error as a `Webapi\Exception` with the message already rendered. */
  invalidType: {
    status: 400,
    message: 'The "%value" value\'s type is invalid. The "%type" type was expected. Verify and try again.',
    rendered: true,
  },
  noSuchEntity: { status: 404, message: 'No such entity with %fieldName = %fieldValue' },
  invalidFieldValue: { status: 400, message: 'The %fieldName value is invalid. Set the correct value and try again.' },
  passwordMismatch: {
    status: 401,
    message: "The password doesn't match this account. Verify the password and try again.",
  },
  accountLocked: { status: 401, message: 'The account is locked.' },
  invalidLogin: { status: 401, message: 'Invalid login or password.' },
  passwordTooLong: { status: 400, message: 'Please enter a password with at most %1 characters.' },
  passwordTooShort: {
    status: 400,
    message: 'The password needs at least %1 characters. Create a new password and try again.',
  },
  passwordSpaces: {
    status: 400,
    message: "The password can't begin or end with a space. Verify the password and try again.",
  },
  passwordClasses: {
    status: 400,
    message:
      'Minimum of different classes of characters in password is %1. Classes of characters: Lower Case, Upper Case, Digits, Special Characters.',
  },
  passwordSameAsEmail: {
    status: 400,
    message: "The password can't be the same as the email address. Create a new password and try again.",
  },
  emailRequiredToCreate: { status: 400, message: 'The email address is required to create a customer account.' },
  emailMissing: { status: 400, message: 'The customer email is missing. Enter and try again.' },
  emailTaken: {
    status: 400,
    message: 'A customer with the same email address already exists in an associated website.',
  },
  customerExists: { status: 400, message: 'This customer already exists in this store.' },
  storeNotInWebsite: { status: 400, message: 'The store view is not in the associated website.' },
  groupNotFound: { status: 400, message: 'The specified customer group id does not exist.' },
  /** Magento's EAV validator answers with its messages already rendered and joined by new lines. */
  attributeInvalid: { status: 400, message: '%1', rendered: true },
  invalidAttributeName: { status: 400, message: 'Invalid attribute name: %1' },
  invalidConditionType: { status: 400, message: 'Invalid condition type: %1' },
  invalidSortDirection: { status: 400, message: 'Invalid sort direction: %1' },
  maxPageSize: { status: 400, message: 'Maximum SearchCriteria pageSize is %max' },
  tooManyAttempts: { status: 429, message: 'Too Many Requests' },
  internalError: {
    status: 500,
    message: 'Internal Error. Details are available in the log file. Report ID: webapi-%1',
    rendered: true,
  },
  // OAuth 1.0a (Magento_Integration, lib/internal/Magento/Framework/Oauth). `OauthInputException` is a 400,
  // `Oauth\Exception` a 401; on the handshake routes the rendered message becomes `oauth_problem=...`.
  oauthVersionUnsupported: { status: 400, message: 'The "%1" Oauth version isn\'t supported.' },
  oauthTokenLength: { status: 400, message: 'The token length is invalid. Check the length and try again.' },
  oauthSignatureMethodUnsupported: { status: 400, message: 'Signature method %1 is not supported' },
  oauthConsumerKeyLength: { status: 401, message: 'Consumer key is not the correct length' },
  oauthConsumerNotFound: { status: 401, message: 'A consumer having the specified key does not exist' },
  /** Also the answer to a bad timestamp: Magento converts that error into this one. */
  oauthNonceInvalid: { status: 401, message: 'An error occurred validating the nonce' },
  oauthNonceUsed: { status: 401, message: 'The nonce is already being used by the consumer with ID %1' },
  oauthConsumerExpired: { status: 401, message: 'Consumer key has expired' },
  oauthSignatureInvalid: { status: 401, message: 'The signature is invalid. Verify and try again.' },
  oauthConsumerTokenMissing: { status: 401, message: 'A token with consumer ID %1 does not exist' },
  oauthNotVerifierToken: {
    status: 401,
    message: 'Cannot create request token because consumer token is not a verifier token',
  },
  oauthTokenNotFound: { status: 401, message: 'Specified token does not exist' },
  oauthRequestTokenConsumerMismatch: {
    status: 401,
    message: 'Request token is not associated with the specified consumer',
  },
  oauthTokenAlreadyUsed: { status: 401, message: 'Token is already being used' },
  oauthVerifierLength: { status: 401, message: 'Verifier is not the correct length' },
  oauthVerifierMismatch: { status: 401, message: 'Token verifier and verifier token do not match' },
  oauthNotRequestToken: {
    status: 401,
    message: 'Cannot get access token because consumer token is not a request token',
  },
  oauthTokenConsumerMismatch: { status: 401, message: 'Token is not associated with the specified consumer' },
  oauthNotAccessToken: { status: 401, message: 'Token is not an access token' },
  oauthTokenRevoked: { status: 401, message: 'Access token has been revoked' },
  // Integrations (Magento_Integration's IntegrationService and OauthService).
  integrationNameExists: { status: 400, message: 'The integration with name "%1" exists.' },
  integrationNotFound: { status: 404, message: 'The integration with ID "%1" doesn\'t exist.' },
  /** Magento shows it in the admin panel; Keyway answers 502, since the failure is the consumer's endpoint. */
  integrationPostFailed: {
    status: 502,
    message: 'The attempt to post data to consumer failed due to an unexpected error. Please try again later.',
  },
  /** Keyway's own: Magento's grid offers Reauthorize rather than Activate once an integration is Active. */
  integrationAlreadyActive: { status: 400, message: 'The integration "%1" is already active. Reauthorize it instead.' },
  /** Keyway's own: Magento's admin form only offers resources of the ACL tree. */
  aclResourceUnknown: { status: 400, message: 'The ACL resource "%1" does not exist.' },
  // Magento_TwoFactorAuth. A `LocalizedException` is a 400, an `AuthorizationException` a 401.
  tfaUseProviderRoutes: { status: 400, message: 'Please use the 2fa provider-specific endpoints to obtain a token.' },
  tfaConfigurationRequired: {
    status: 400,
    message:
      'You are required to configure personal Two-Factor Authorization in order to login. Please check your email.',
  },
  tfaMessageNotSent: { status: 400, message: 'Failed to send the message. Please contact the administrator' },
  tfaInvalidTfat: { status: 401, message: 'Invalid two-factor authorization token' },
  tfaInvalidToken: { status: 401, message: 'Invalid token.' },
  tfaProviderNotAllowed: { status: 400, message: 'Provider is not allowed.' },
  tfaProviderAlreadyConfigured: { status: 400, message: 'Provider is already configured.' },
  tfaProviderNotConfigured: { status: 400, message: 'Provider is not configured.' },
  tfaInvalidCode: { status: 401, message: 'Invalid code.' },
  tfaUnknownProvider: { status: 404, message: 'Unknown or not enabled provider %1 for this user' },
} as const satisfies Record<string, { status: number; message: string; rendered?: boolean }>;

export type ErrorCode = keyof typeof CATALOGUE;

/** The attribute validator's own wording, which reaches the client inside `attributeInvalid`. */
export const ATTRIBUTE_MESSAGES = {
  firstnameRequired: '"First Name" is a required value.',
  lastnameRequired: '"Last Name" is a required value.',
  emailInvalid: '"Email" is not a valid email address.',
  tooLong: '"%1" is more than %2 characters long.',
  dobInvalid: '"Date of Birth" does not fit the entered date format.',
  dobInFuture: 'The Date of Birth should not be greater than today.',
} as const;

/** Named placeholders (`%resources`) travel as an object, positional ones (`%1`) as an array. */
export type ErrorParameters = Record<string, unknown> | unknown[];

/** An error from the catalogue, with the values of its placeholders and, for aggregates, the errors inside it. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly parameters: ErrorParameters | undefined;
  readonly errors: readonly AppError[];
  /** Response headers the error calls for, such as `Retry-After` on a 429. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    code: ErrorCode,
    parameters?: ErrorParameters,
    errors: readonly AppError[] = [],
    headers: Readonly<Record<string, string>> = {},
  ) {
    super(renderMessage(CATALOGUE[code].message, parameters));
    this.name = 'AppError';
    this.code = code;
    this.parameters = parameters;
    this.errors = errors;
    this.headers = headers;
  }

  get status(): number {
    return CATALOGUE[this.code].status;
  }
}

/** Fills `%name` and `%1` placeholders with their values, as Magento's Phrase renderer does. */
export function renderMessage(message: string, parameters?: ErrorParameters): string {
  if (!parameters) return message;
  return message.replace(/%(\w+)/g, (whole, key: string) => {
    const value = Array.isArray(parameters) ? parameters[Number(key) - 1] : parameters[key];
    return value === undefined ? whole : String(value);
  });
}

/**
 * Magento's aggregate rule (`AbstractAggregateException`): one error is thrown as itself, two or more as
 * "One or more input exceptions have occurred." carrying each of them.
 */
export function aggregate(errors: AppError[]): AppError | undefined {
  if (errors.length === 0) return undefined;
  if (errors.length === 1) return errors[0];
  return new AppError('inputExceptions', undefined, errors);
}

/** A required-field error, the most common input error of all. */
export function fieldRequired(fieldName: string): AppError {
  return new AppError('fieldRequired', { fieldName });
}

/** The 401 that every refused resource check answers with. */
export function notAuthorized(resources: readonly string[]): AppError {
  return new AppError('notAuthorized', { resources: resources.join(', ') });
}
