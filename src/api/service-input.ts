import { Type, type TSchema } from 'typebox';
import { aggregate, fieldRequired, type AppError } from '../errors.ts';
import { convertScalar, snakeCase, type ScalarType } from '../webapi/type-processor.ts';
import { readerOf } from './define-service.ts';
import type { ServiceArgument } from './service-method.ts';

/** The scalar conversion an argument's schema asks for; structured arguments are not converted here. */
function scalarType(schema: TSchema): ScalarType | undefined {
  if (Type.IsInteger(schema)) return 'int';
  if (Type.IsBoolean(schema)) return 'bool';
  if (Type.IsString(schema)) return 'string';
  return undefined;
}

/**
 * Magento's `ServiceInputProcessor`: each argument is read by its camelCase name or its snake_case form;
 * a required argument that is absent or null is reported, all of them at once; scalars are converted. Then
 * structured arguments declared with `readAs` are read, in order, as the services used to read them first.
 */
export function resolveArgs(
  specs: readonly ServiceArgument[],
  input: Record<string, unknown>,
): Record<string, unknown> {
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
    const type = scalarType(spec.schema);
    args[spec.name] = type === undefined ? value : convertScalar(value, type);
  }
  const error = aggregate(missing);
  if (error) throw error;
  for (const spec of specs) {
    const read = readerOf(spec.schema);
    if (read && Object.hasOwn(args, spec.name)) args[spec.name] = read(args[spec.name]);
  }
  return args;
}
