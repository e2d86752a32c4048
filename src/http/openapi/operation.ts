import type { TSchema } from 'typebox';
import type { ServiceMethod } from '../../api/service-method.ts';
import type { Route } from '../../webapi/route.ts';
import { describeResources, tokenOptional } from '../../webapi/special-resources.ts';
import { queryParameters } from './query-parameters.ts';

type Parameter = Readonly<Record<string, unknown>>;

const ERROR_BODY = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };
// Anonymous routes still read a token when one is sent (an admin's sign-up may set a customer group).
const OPTIONAL_BEARER = [{}, { bearer: [] }];
const BEARER = [{ bearer: [] }];
const TEXT = { type: 'string' } as const;

/** `/V1/customers/:customerId` → `/V1/customers/{customerId}`; `::name` is literal text, as in Magento. */
export function openApiPath(url: string): string {
  return url.replace(/(^|\/):(?!:)([^/]+)/g, '$1{$2}');
}

/** The names of a route URL's `:variables`, in order. */
function pathVariables(url: string): string[] {
  return [...url.matchAll(/(?:^|\/):(?!:)([^/]+)/g)].map((match) => match[1]!);
}

/** The arguments a client sends itself: all of the service's, less those the route forces from the token. */
function clientArguments(route: Route, service: ServiceMethod | undefined): ServiceMethod['args'] {
  const forced = new Set(route.parameters.filter((parameter) => parameter.force).map((parameter) => parameter.name));
  return (service?.args ?? []).filter((arg) => !forced.has(arg.name));
}

/**
 * The OpenAPI operation for one route, from its service's declaration: path variables become path
 * parameters, arguments the route forces from the token are left out, GET and DELETE take the rest from
 * the query (structured ones in bracket form) and POST and PUT from a JSON body; the answer is `answer`.
 */
export function buildOperation(
  route: Route,
  service: ServiceMethod | undefined,
  ids: { operationId: string; tag: string },
): Record<string, unknown> {
  const variables = pathVariables(route.url);
  const args = clientArguments(route, service);
  const schemaOf = (name: string): TSchema => service?.args.find((arg) => arg.name === name)?.schema ?? TEXT;
  const parameters: Parameter[] = variables.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: schemaOf(name),
  }));
  const bodyProperties: Record<string, TSchema> = {};
  const bodyRequired: string[] = [];
  const inQuery = route.method === 'GET' || route.method === 'DELETE';
  for (const arg of args) {
    if (variables.includes(arg.name)) continue;
    if (inQuery) {
      parameters.push(...queryParameters(arg.name, arg.schema, arg.required).map((p) => ({ ...p, in: 'query' })));
    } else {
      bodyProperties[arg.name] = arg.schema;
      if (arg.required) bodyRequired.push(arg.name);
    }
  }
  const forced = route.parameters.filter((parameter) => parameter.force).map((parameter) => `\`${parameter.name}\``);
  const open = tokenOptional(route.resources);
  return {
    tags: [ids.tag],
    operationId: ids.operationId,
    summary: service?.summary ?? `${route.serviceClass}::${route.serviceMethod}`,
    description:
      describeResources(route.resources) +
      (forced.length > 0 ? ` ${forced.join(', ')} come${forced.length === 1 ? 's' : ''} from the token.` : ''),
    'x-keyway-resources': [...route.resources],
    security: open ? OPTIONAL_BEARER : BEARER,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(Object.keys(bodyProperties).length > 0 ? { requestBody: jsonBody(bodyProperties, bodyRequired) } : {}),
    responses: {
      '200': { description: 'Success', content: { 'application/json': { schema: service?.answer ?? {} } } },
      ...(open ? {} : { '401': { description: "The caller's token does not allow this route", content: ERROR_BODY } }),
      default: { description: "Magento's error body", content: ERROR_BODY },
    },
  };
}

function jsonBody(properties: Record<string, TSchema>, required: string[]): Record<string, unknown> {
  const schema = { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
  return { required: required.length > 0, content: { 'application/json': { schema } } };
}
