import { AppError } from '../errors.ts';

export const MAX_PASSWORD_LENGTH = 256;

export interface PasswordRules {
  minimumLength: number;
  requiredClasses: number;
}

const CLASSES = [/[0-9]/, /[A-Z]/, /[a-z]/, /[^a-zA-Z0-9]/];

/** Magento's `checkPasswordStrength`, in its order, with its messages (`%1` values as Magento sends them). */
export function checkPasswordStrength(password: string, rules: PasswordRules): void {
  // Magento counts multibyte characters, not bytes.
  const length = [...password].length;
  if (length > MAX_PASSWORD_LENGTH) throw new AppError('passwordTooLong', [MAX_PASSWORD_LENGTH]);
  if (length < rules.minimumLength) throw new AppError('passwordTooShort', [String(rules.minimumLength)]);
  if (password.trim().length !== password.length) throw new AppError('passwordSpaces');
  const classes = CLASSES.filter((pattern) => pattern.test(password)).length;
  if (classes < rules.requiredClasses) throw new AppError('passwordClasses', [String(rules.requiredClasses)]);
}

/** Magento refuses a password equal to the email, ignoring case. */
export function checkPasswordIsNotEmail(password: string, email: string): void {
  if (password.toLowerCase() === email.toLowerCase()) throw new AppError('passwordSameAsEmail');
}
