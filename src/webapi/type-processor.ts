import { asPropertyKey } from './property-key.ts';
import { AppError } from '../errors.ts';

/** Scalar types a service argument or data field can declare, as Magento's `TypeProcessor` converts them. */
export type ScalarType = 'string' | 'int' | 'bool';

function describe(value: unknown): string {
  if (Array.isArray(value) || (typeof value === 'object' && value !== null)) return 'array';
  return String(value);
}

function invalid(value: unknown, type: string): AppError {
  return new AppError('invalidType', { value: describe(value), type });
}

/** PHP's `(string)` cast of what JSON or XML can carry; structures are refused as Magento refuses them. */
export function toStringValue(value: unknown): string {
  if (typeof value === 'string') return value;
  // PHP casts a float beyond double range (JSON `1e400`) to "INF".
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? 'INF' : '-INF';
  if (typeof value === 'boolean') return value ? '1' : '';
  throw invalid(value, 'string');
}

/** An integer from a number or a numeric string (`"12"`, `" 7"`); anything else is a type error. */
export function toIntValue(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*[+-]?\d{1,15}(\.\d+)?\s*$/.test(value)) return Math.trunc(Number(value));
  throw invalid(value, 'int');
}

export function toBoolValue(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 1 || value === '1' || value === 'true') return true;
  if (value === 0 || value === '0' || value === 'false' || value === '') return false;
  throw invalid(value, 'bool');
}

export function convertScalar(value: unknown, type: ScalarType): string | number | boolean {
  if (type === 'int') return toIntValue(value);
  if (type === 'bool') return toBoolValue(value);
  return toStringValue(value);
}

const snakeCases = new Map<string, string>();
const MAX_REMEMBERED = 1000;

/** Magento accepts `groupId` and `group_id` alike; Keyway reads every key in its snake_case form. */
export function snakeCase(key: string): string {
  let snake = snakeCases.get(key);
  if (snake === undefined) {
    snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    // Argument names repeat on every request; client keys are bounded by the body limit, the map by this cap.
    // A remembered form is read as a property name on every call, so it is kept as one.
    if (snakeCases.size < MAX_REMEMBERED) {
      snake = asPropertyKey(snake);
      snakeCases.set(key, snake);
    }
  }
  return snake;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The object's keys in snake_case; where two keys collapse into one (`id` and `Id`), the first wins, as
 * Magento's `filterInputData` keeps the first.
 */
export function normaliseKeys(input: Record<string, unknown>): Map<string, unknown> {
  const result = new Map<string, unknown>();
  for (const [key, value] of Object.entries(input)) {
    const name = snakeCase(key);
    if (!result.has(name)) result.set(name, value);
  }
  return result;
}
