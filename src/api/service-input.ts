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

/** What reading one argument needs, worked out from its schema once per route rather than on every call. */
export interface ArgumentPlan {
  readonly name: string;
  readonly snake: string;
  readonly required: boolean;
  readonly type: ScalarType | undefined;
  readonly read: ((value: unknown) => unknown) | undefined;
}

/** A service's arguments as `resolveArgs` reads them: each name's snake_case form, conversion and reader. */
export function compileArguments(specs: readonly ServiceArgument[]): readonly ArgumentPlan[] {
  return specs.map((spec) => ({
    name: spec.name,
    snake: snakeCase(spec.name),
    required: spec.required,
    type: scalarType(spec.schema),
    read: readerOf(spec.schema),
  }));
}

/**
 * Magento's `ServiceInputProcessor`: each argument is read by its camelCase name or its snake_case form;
 * a required argument that is absent or null is reported, all of them at once; scalars are converted. Then
 * structured arguments declared with `readAs` are read, in order, as the services used to read them first.
 */
export function resolveArgs(plan: readonly ArgumentPlan[], input: Record<string, unknown>): Record<string, unknown> {
  // A plain object: its keys are the declared argument names, never the client's, so no key can be `__proto__`.
  const args: Record<string, unknown> = {};
  let missing: AppError[] | undefined;
  for (const argument of plan) {
    let value = Object.hasOwn(input, argument.name) ? input[argument.name] : undefined;
    if ((value === undefined || value === null) && Object.hasOwn(input, argument.snake)) value = input[argument.snake];
    if (value === undefined || value === null) {
      if (argument.required) {
        missing ??= [];
        missing.push(fieldRequired(argument.name));
      }
      continue;
    }
    args[argument.name] = argument.type === undefined ? value : convertScalar(value, argument.type);
  }
  const error = missing && aggregate(missing);
  if (error) throw error;
  for (const argument of plan) {
    if (argument.read && Object.hasOwn(args, argument.name)) args[argument.name] = argument.read(args[argument.name]);
  }
  return args;
}
