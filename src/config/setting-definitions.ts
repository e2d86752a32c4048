/** How a setting's text is checked before it is stored. */
type Kind =
  | 'count'
  | 'positive'
  | 'hours'
  | 'flag'
  | 'range1to4'
  | 'text'
  | 'url'
  | 'origins'
  | 'tokenFormat'
  | 'jwsAlg'
  | 'minutes'
  | 'providers'
  | 'leeway'
  | 'link';

interface Definition {
  kind: Kind;
  defaultValue: string;
  description: string;
}

/**
 * Every runtime setting Keyway reads, by Magento config path. `config:set` refuses other paths, so a typo
 * cannot silently do nothing.
 */
export const SETTINGS = {
  'oauth/access_token_lifetime/customer': {
    kind: 'hours',
    defaultValue: '',
    description: 'Customer token lifetime in hours; empty or 0 means tokens never expire',
  },
  'oauth/access_token_lifetime/admin': {
    kind: 'hours',
    defaultValue: '',
    description: 'Admin token lifetime in hours; empty or 0 means tokens never expire',
  },
  'oauth/authentication_lock/max_failures_count': {
    kind: 'count',
    defaultValue: '6',
    description: 'Failed token requests before the account is locked',
  },
  'oauth/authentication_lock/timeout': { kind: 'count', defaultValue: '1800', description: 'Lock duration in seconds' },
  'webapi/throttle/address_max_failures': {
    kind: 'count',
    defaultValue: '100',
    description: 'Failed token requests from one client address per window before it gets 429 (0 disables)',
  },
  'webapi/throttle/address_window': {
    kind: 'count',
    defaultValue: '600',
    description: 'Window of the per-address limit in seconds, from its first failure',
  },
  'customer/password/minimum_password_length': {
    kind: 'count',
    defaultValue: '8',
    description: 'Minimum password length',
  },
  'customer/password/required_character_classes_number': {
    kind: 'range1to4',
    defaultValue: '3',
    description: 'Character classes a password needs (lower, upper, digits, special)',
  },
  'customer/password/lockout_failures': {
    kind: 'count',
    defaultValue: '10',
    description: 'Wrong current passwords on a password change before the customer is locked (0 disables)',
  },
  'customer/password/lockout_threshold': {
    kind: 'count',
    defaultValue: '10',
    description: 'Customer lock duration in minutes',
  },
  'customer/create_account/default_group': { kind: 'count', defaultValue: '1', description: 'Group of new customers' },
  'checkout/options/enable_guest_checkout_login': {
    kind: 'flag',
    defaultValue: '0',
    description: 'When 1, isEmailAvailable tells whether an email is taken; when 0 it always answers true',
  },
  'webapi/validation/input_limit_enabled': {
    kind: 'flag',
    defaultValue: '1',
    description: 'When 1, searches use the default and maximum page sizes below',
  },
  'webapi/validation/default_page_size': {
    kind: 'count',
    defaultValue: '20',
    description: 'Page size of a search that names none',
  },
  'webapi/validation/maximum_page_size': {
    kind: 'count',
    defaultValue: '300',
    description: 'Largest page size a search may ask for',
  },
  'general/locale/code': {
    kind: 'text',
    defaultValue: 'en_US',
    description: 'Store locale, as storeConfigs reports it',
  },
  'general/locale/timezone': {
    kind: 'text',
    defaultValue: 'UTC',
    description: 'Store time zone, as storeConfigs reports it',
  },
  'general/locale/weight_unit': {
    kind: 'text',
    defaultValue: 'lbs',
    description: 'Weight unit, as storeConfigs reports it',
  },
  'currency/options/base': { kind: 'text', defaultValue: 'USD', description: 'Base currency code' },
  'currency/options/default': { kind: 'text', defaultValue: 'USD', description: 'Default display currency code' },
  'web/unsecure/base_url': { kind: 'url', defaultValue: 'http://localhost/', description: 'Base URL, ending in /' },
  'web/secure/base_url': {
    kind: 'url',
    defaultValue: 'https://localhost/',
    description: 'Secure base URL, ending in /',
  },
  'webapi/cors/allowed_origins': {
    kind: 'origins',
    defaultValue: '',
    description:
      'Origins browsers may call the API from, comma-separated (https://shop.example, or *); empty turns CORS off',
  },
  'webapi/cors/max_age': {
    kind: 'count',
    defaultValue: '600',
    description: 'How long browsers may cache a CORS preflight, in seconds',
  },
  'oauth/consumer/enable_integration_as_bearer': {
    kind: 'flag',
    defaultValue: '0',
    description:
      'When 1, an integration access token also works as a standalone Bearer token (Magento 2.4.4+ default: 0)',
  },
  'oauth/consumer/expiration_period': {
    kind: 'positive',
    defaultValue: '300',
    description: 'Seconds after Activate within which the integration must ask for its request token',
  },
  'oauth/consumer/post_timeout': {
    kind: 'positive',
    defaultValue: '5',
    description: "Timeout in seconds of the activation POST to an integration's endpoint",
  },
  'oauth/signature/allow_sha1': {
    kind: 'flag',
    defaultValue: '1',
    description:
      'When 1, OAuth signatures may use HMAC-SHA1 as well as HMAC-SHA256 (Magento 2.4.4+ accepts SHA-256 only)',
  },
  'webapi/auth/realm': { kind: 'text', defaultValue: 'Keyway', description: 'Realm named in WWW-Authenticate headers' },
  'webapi/auth/insufficient_scope_403': {
    kind: 'flag',
    defaultValue: '0',
    description:
      'When 1, a valid token lacking a resource gets 403 with error="insufficient_scope" (RFC 6750) instead of 401',
  },
  'webapi/token/format': {
    kind: 'tokenFormat',
    defaultValue: 'opaque',
    description:
      'Format of new customer and admin tokens: opaque (32 characters) or jwt (as Magento 2.4.4+); tokens of both are read whatever it says',
  },
  'webapi/jwtauth/jwt_alg': {
    kind: 'jwsAlg',
    defaultValue: 'HS256',
    description: 'Algorithm JWTs are signed with, and the only one accepted: HS256, HS384 or HS512',
  },
  'webapi/jwtauth/customer_expiration': {
    kind: 'minutes',
    defaultValue: '60',
    description: 'Customer JWT lifetime in minutes; empty or not above 0 means 30',
  },
  'webapi/jwtauth/admin_expiration': {
    kind: 'minutes',
    defaultValue: '60',
    description: 'Admin JWT lifetime in minutes; empty or not above 0 means 30',
  },
  'twofactorauth/general/force_providers': {
    kind: 'providers',
    defaultValue: '',
    description:
      'Two-factor providers every admin must use: empty (admin tokens from the password alone) or google (Google Authenticator)',
  },
  'twofactorauth/general/webapi_notification_url': {
    kind: 'link',
    defaultValue: '',
    description: 'Link mailed to admins who must configure two-factor authentication; :tfat becomes their token',
  },
  'twofactorauth/google/leeway': {
    kind: 'leeway',
    defaultValue: '29',
    description: 'Seconds of clock drift accepted on a Google Authenticator code (1 to 29)',
  },
  'trans_email/ident_general/email': {
    kind: 'text',
    defaultValue: 'owner@example.com',
    description: 'Sender address of the two-factor configuration e-mail',
  },
  'twofactorauth/keyway/refuse_reused_codes': {
    kind: 'flag',
    defaultValue: '1',
    description: 'When 1 (not in Magento), a code already accepted for an admin is refused for the rest of its window',
  },
  'twofactorauth/keyway/count_code_failures': {
    kind: 'flag',
    defaultValue: '1',
    description:
      'When 1 (not in Magento), wrong codes count as failed sign-ins for the account and the address, and a right password with a wrong code clears no failures',
  },
} as const satisfies Record<string, Definition>;

export type SettingPath = keyof typeof SETTINGS;

export function isSettingPath(path: string): path is SettingPath {
  return Object.hasOwn(SETTINGS, path);
}

const CHECKS: Record<Kind, { test: (value: string) => boolean; expected: string }> = {
  count: { test: (v) => /^\d{1,9}$/.test(v), expected: 'a whole number from 0 to 999999999' },
  // Magento reads 0 or less as its default; Keyway refuses it instead, so the stored value is the one used.
  positive: { test: (v) => /^\d{1,9}$/.test(v) && Number(v) > 0, expected: 'a whole number from 1 to 999999999' },
  hours: {
    test: (v) => v === '' || /^\d{1,6}(\.\d{1,4})?$/.test(v),
    expected: 'a number of hours (0 or empty for never)',
  },
  flag: { test: (v) => v === '0' || v === '1', expected: '0 or 1' },
  range1to4: { test: (v) => /^[1-4]$/.test(v), expected: 'a whole number from 1 to 4' },
  text: { test: (v) => v.length > 0 && v.length <= 255, expected: 'a text of 1 to 255 characters' },
  url: { test: (v) => /^https?:\/\/[^\s]{1,240}\/$/.test(v), expected: 'an http(s) URL ending in /' },
  origins: {
    test: (v) =>
      v === '' ||
      (v.length <= 2000 &&
        v.split(',').every((o) => /^(\*|https?:\/\/([a-z0-9.-]+|\[[0-9a-f:]+\])(:\d{1,5})?)$/i.test(o.trim()))),
    expected: 'empty, or a comma-separated list of origins such as https://shop.example:8443, or *',
  },
  tokenFormat: { test: (v) => v === 'opaque' || v === 'jwt', expected: 'opaque or jwt' },
  jwsAlg: { test: (v) => /^HS(256|384|512)$/.test(v), expected: 'HS256, HS384 or HS512' },
  minutes: { test: (v) => v === '' || /^-?\d{1,9}$/.test(v), expected: 'a whole number of minutes (0 or less for 30)' },
  // Magento splits the list with /\s*,\s*/; Keyway provides Google Authenticator only, so any other code is refused
  // here rather than leaving admins unable to sign in.
  providers: {
    test: (v) => v.trim() === '' || v.split(/\s*,\s*/).every((code) => code.trim() === 'google'),
    expected: 'empty or google (the only provider Keyway provides: Google Authenticator)',
  },
  // Magento's backend model: at least 1 and under one 30-second step.
  leeway: { test: (v) => /^([1-9]|[12]\d)$/.test(v), expected: 'a whole number of seconds from 1 to 29' },
  link: {
    test: (v) => v === '' || /^https?:\/\/[^\s]{1,2000}$/.test(v),
    expected: 'empty, or an http(s) URL (":tfat" in it is replaced by the token)',
  },
};

// Magento's JwtAlgorithmSource also offers these key-wrapping algorithms, which make JWEs; Keyway signs only.
const JWE_ALGORITHMS = ['A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW'];

/** Answers why a value is not valid for a path, or undefined when it is. */
export function checkSetting(path: SettingPath, value: string): string | undefined {
  const check = CHECKS[SETTINGS[path].kind];
  if (path === 'webapi/jwtauth/jwt_alg' && JWE_ALGORITHMS.includes(value)) {
    return `${path}: ${value} makes encrypted tokens (JWE), which Keyway does not issue or read; use HS256, HS384 or HS512`;
  }
  return check.test(value) ? undefined : `${path} must be ${check.expected}, got "${value}"`;
}
