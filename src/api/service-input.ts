import { aggregate, fieldRequired, type AppError } from '../errors.ts';
import { convertScalar, snakeCase } from '../webapi/type-processor.ts';
import type { ArgSpec } from './service-method.ts';

/**
 * Magento's `ServiceInputProcessor`: each argument is read by its camelCase name or its snake_case form;
 * a required argument that is absent or null is reported, all of them at once; scalars are converted.
 */
export function resolveArgs(specs: readonly ArgSpec[], input: Record<string, unknown>): Record<string, unknown> {
  const args: Record<string, unknown> = Object.create(null);
  const missing: AppError[] = [];
  for (const spec of specs) {
    let value = Object.hasOwn(input, spec.name) ? input[spec.name] : undefined;
    const snake = snakeCase(spec.name);
    if ((value === undefined || value === null) && Object.hasOwn(input, snake)) value = input[snake];
    if (value === undefined || value === null) {
      if (spec.required) missing.push(fieldRequired(spec.name));
      continue;
    }
    args[spec.name] = spec.type === 'any' ? value : convertScalar(value, spec.type);
  }
  const error = aggregate(missing);
  if (error) throw error;
  return args;
}
