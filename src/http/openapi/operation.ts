import type { ArgSpec, ServiceMethod } from '../../api/service-method.ts';
import type { Route } from '../../webapi/route.ts';
import { ref, type Schema } from './schemas.ts';
import type { ServicePayloads } from './service-payloads.ts';

type Parameter = Readonly<Record<string, unknown>>;

const SCALARS: Readonly<Record<ArgSpec['type'], Schema>> = {
  string: { type: 'string' },
  int: { type: 'integer' },
  bool: { type: 'boolean' },
  any: {},
};
const ERROR_BODY = { 'application/json': { schema: ref('Error') } };
// Anonymous routes still read a token when one is sent (an admin's sign-up may set a customer group).
const OPTIONAL_BEARER = [{}, { bearer: [] }];
const BEARER = [{ bearer: [] }];

/** `/V1/customers/:customerId` → `/V1/customers/{customerId}`; `::name` is literal text, as in Magento. */
export function openApiPath(url: string): string {
  return url.replace(/(^|\/):(?!:)([^/]+)/g, '$1{$2}');
}

// Resources that are not ACL ids, in words; any other resource is an ACL id an admin role must allow.
const SPECIAL: Readonly<Record<string, string>> = {
  self: "a customer token, acting on the customer's own account (`self`)",
  self_admin: 'an admin token of any role (`self_admin`)',
  authenticated: 'any customer or admin token (`authenticated`)',
};

/** Who may call a route, in words; the same resources travel as `x-keyway-resources`. */
export function accessDescription(resources: readonly string[]): string {
  if (resources.includes('anonymous')) return 'Anyone may call this route (resource `anonymous`).';
  const acl = resources.filter((resource) => SPECIAL[resource] === undefined);
  const parts = resources.flatMap((resource) => SPECIAL[resource] ?? []);
  if (acl.length > 0) parts.push(`an admin token whose role allows ${acl.map((id) => `\`${id}\``).join(' and ')}`);
  return `Needs ${parts.join(', and ')}.`;
}

/**
 * The OpenAPI operation for one route, from its service's `args`: path variables become path parameters,
 * arguments the route forces from the token are left out, GET and DELETE take the rest from the query and
 * POST and PUT from a JSON body. `payloads` adds the hand-written schemas of structured values and answers.
 */
export function buildOperation(
  route: Route,
  service: ServiceMethod | undefined,
  payloads: ServicePayloads | undefined,
  ids: { operationId: string; tag: string },
): Record<string, unknown> {
  const pathVariables = [...route.url.matchAll(/(?:^|\/):(?!:)([^/]+)/g)].map((match) => match[1]!);
  const forced = new Set(route.parameters.filter((parameter) => parameter.force).map((parameter) => parameter.name));
  const args = new Map((service?.args ?? []).map((arg) => [arg.name, arg]));
  const parameters: Parameter[] = pathVariables.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: SCALARS[args.get(name)?.type ?? 'string'],
  }));
  const bodyProperties: Record<string, Schema> = {};
  const bodyRequired: string[] = [];
  const inQuery = route.method === 'GET' || route.method === 'DELETE';
  for (const arg of args.values()) {
    if (pathVariables.includes(arg.name) || forced.has(arg.name)) continue;
    if (inQuery) {
      const structured = payloads?.query?.[arg.name];
      if (structured) parameters.push(...structured.map((parameter) => ({ ...parameter, in: 'query' })));
      else parameters.push({ name: arg.name, in: 'query', required: arg.required, schema: SCALARS[arg.type] });
    } else {
      bodyProperties[arg.name] = payloads?.body?.[arg.name] ?? SCALARS[arg.type];
      if (arg.required) bodyRequired.push(arg.name);
    }
  }
  const anonymous = route.resources.includes('anonymous');
  const forcedNote = [...forced].map((name) => `\`${name}\``).join(', ');
  return {
    tags: [ids.tag],
    operationId: ids.operationId,
    summary: payloads?.summary ?? `${route.serviceClass}::${route.serviceMethod}`,
    description:
      accessDescription(route.resources) +
      (forcedNote ? ` ${forcedNote} come${forced.size === 1 ? 's' : ''} from the token.` : ''),
    'x-keyway-resources': [...route.resources],
    security: anonymous ? OPTIONAL_BEARER : BEARER,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(Object.keys(bodyProperties).length > 0
      ? {
          requestBody: {
            required: bodyRequired.length > 0,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: bodyProperties,
                  ...(bodyRequired.length > 0 ? { required: bodyRequired } : {}),
                },
              },
            },
          },
        }
      : {}),
    responses: {
      '200': { description: 'Success', content: { 'application/json': { schema: payloads?.response ?? {} } } },
      ...(anonymous
        ? {}
        : { '401': { description: "The caller's token does not allow this route", content: ERROR_BODY } }),
      default: { description: "Magento's error body", content: ERROR_BODY },
    },
  };
}
