import { Type, type Static, type TObject, type TSchema, type TUnsafe } from 'typebox';
import type { CallContext, ServiceMethod } from './service-method.ts';

/** One service method as written once: what it does, what it takes, what it answers, and the code. */
export interface ServiceDeclaration<Args extends TObject, Answer extends TSchema> {
  summary: string;
  /** The method's parameters in signature order; `Type.Optional` marks those PHP gives a default. */
  args: Args;
  answer: Answer;
  /** A method that can answer from memory may answer at once; one that waits answers a promise. */
  call(args: Static<Args>, context: CallContext): Static<Answer> | Promise<Static<Answer>>;
}

/** Builds a service method from its declaration: `call` is typed from `args`, input and schema are read from it. */
export function defineService<Args extends TObject, Answer extends TSchema>(
  declaration: ServiceDeclaration<Args, Answer>,
): ServiceMethod {
  const { summary, args, answer, call } = declaration;
  const required = new Set<string>(args.required ?? []);
  return {
    summary,
    answer,
    args: Object.entries(args.properties).map(([name, schema]) => ({ name, schema, required: required.has(name) })),
    // The one place the declared type is taken on trust: `resolveArgs` produced these values from `args`
    // (required ones present, scalars converted, `readAs` arguments read), so they are `Static<Args>`.
    call: (values, context) => call(values as Static<Args>, context),
  };
}

const READER = Symbol('keyway.read');
type Reader = (value: unknown) => unknown;

/**
 * A structured argument the input reader converts with `read` after every scalar is in (e.g. the customer,
 * which Magento reads field by field with PHP's casts). `schema` is what the document shows.
 */
export function readAs<T>(schema: TSchema, read: (value: unknown) => T): TUnsafe<T> {
  const argument = Type.Unsafe<T>(schema);
  // A symbol, not enumerable: it survives `Type.Optional` and never reaches the JSON of the document.
  Object.defineProperty(argument, READER, { value: read, enumerable: false });
  return argument;
}

/** A structured argument passed to the service as the client sent it, since the service parses it itself. */
export function asSent(schema: TSchema): TUnsafe<unknown> {
  return Type.Unsafe<unknown>(schema);
}

/** The reader `readAs` attached to an argument's schema, if any. */
export function readerOf(schema: TSchema): Reader | undefined {
  return (schema as { [READER]?: Reader })[READER];
}
