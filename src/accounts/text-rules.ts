// Control characters (NUL above all) have no place in names, emails or usernames: PostgreSQL cannot even
// store NUL, and the others only serve to disguise one account as another.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const EMAIL_SHAPE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;
export const MAX_EMAIL_LENGTH = 254;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** A plausible email address: local part, @, a dotted domain, no spaces or control characters. */
export function isEmailAddress(text: string): boolean {
  return text.length <= MAX_EMAIL_LENGTH && EMAIL_SHAPE.test(text) && !hasControlCharacters(text);
}
