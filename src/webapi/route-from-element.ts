import { ConfigError } from './config-error.ts';
import type { XmlElement } from './parse-config-xml.ts';
import { HTTP_METHODS, type HttpMethod, type Route, type RouteParameter } from './route.ts';
import { assertShape, onlyChild, type Fail } from './xml-shape.ts';

// Attribute and element sets of Magento's webapi_base.xsd (plus `source`/`method`, which its Converter reads).
const ROUTE_SHAPE = {
  attributes: ['url', 'method', 'secure', 'soapOperation'],
  children: ['service', 'resources', 'data'],
};
const SERVICE_SHAPE = { attributes: ['class', 'method'], children: [] };
const RESOURCES_SHAPE = { attributes: [], children: ['resource'] };
const RESOURCE_SHAPE = { attributes: ['ref'], children: [] };
const DATA_SHAPE = { attributes: ['input-array-size-limit'], children: ['parameter'] };
const PARAMETER_SHAPE = { attributes: ['name', 'force', 'source', 'method'], children: [], text: true };

// A version segment first, as in every Magento route: '/V1/...'.
const URL_PATTERN = /^\/V\d+\//;

/** Converts one `<route>` element into a frozen Route, refusing anything Magento's schema would refuse. */
export function routeFromElement(element: XmlElement, file: string): Route {
  const declaredMethod = (element.attributes.method ?? '').trim().toUpperCase();
  const url = (element.attributes.url ?? '').trim();
  const label = `${declaredMethod || '(no method)'} ${url || '(no url)'}`;
  const fail: Fail = (reason) => {
    throw new ConfigError(reason, { file, line: element.line, route: label });
  };

  assertShape(element, ROUTE_SHAPE, fail);
  if (!(HTTP_METHODS as readonly string[]).includes(declaredMethod)) {
    fail(`method must be one of ${HTTP_METHODS.join(', ')}`);
  }
  if (!URL_PATTERN.test(url)) fail('url must start with a version segment such as /V1/');
  checkUrlVariables(url, fail);

  const service = onlyChild(element, 'service', fail) ?? fail('missing <service>');
  assertShape(service, SERVICE_SHAPE, fail);
  const serviceClass = (service.attributes.class ?? '').trim().replace(/^\\/, '');
  const serviceMethod = (service.attributes.method ?? '').trim();
  if (serviceClass === '' || serviceMethod === '') fail('<service> needs a non-empty class and method');

  return Object.freeze({
    method: declaredMethod as HttpMethod,
    url,
    serviceClass,
    serviceMethod,
    resources: readResources(element, fail),
    parameters: readParameters(element, fail),
    secure: readSecure(element.attributes.secure, fail),
    source: Object.freeze({ file, line: element.line }),
  });
}

// Variables capture path parts by name; a nameless one could never be read, and a '__proto__' one would
// reach Object.prototype through the params record.
function checkUrlVariables(url: string, fail: Fail): void {
  for (const part of url.split('/')) {
    if (part.startsWith(':') && !part.startsWith('::') && !/^:[A-Za-z_][A-Za-z0-9_]*$/.test(part)) {
      fail(`url variable "${part}" must be a name such as :customerId`);
    }
    if (part === ':__proto__') fail('url variable ":__proto__" is not allowed');
  }
}

function readResources(route: XmlElement, fail: Fail): readonly string[] {
  const resources = onlyChild(route, 'resources', fail) ?? fail('missing <resources>');
  assertShape(resources, RESOURCES_SHAPE, fail);
  const refs: string[] = [];
  for (const resource of resources.children) {
    assertShape(resource, RESOURCE_SHAPE, fail);
    const ref = (resource.attributes.ref ?? '').trim();
    if (ref === '') fail('<resource> needs a non-empty ref');
    // Magento keys resources by ref, so a repeated ref counts once.
    if (!refs.includes(ref)) refs.push(ref);
  }
  if (refs.length === 0) fail('needs at least one <resource ref="...">');
  return Object.freeze(refs);
}

function readParameters(route: XmlElement, fail: Fail): readonly RouteParameter[] {
  const data = onlyChild(route, 'data', fail);
  if (data === undefined) return Object.freeze([]);
  assertShape(data, DATA_SHAPE, fail);
  const parameters: RouteParameter[] = [];
  for (const parameter of data.children) {
    assertShape(parameter, PARAMETER_SHAPE, fail);
    const name = (parameter.attributes.name ?? '').trim();
    if (name === '') fail('<parameter> needs a non-empty name');
    // Magento keys parameters by name (the last silently wins); two values for one name is a mistake.
    if (parameters.some((p) => p.name === name)) fail(`parameter "${name}" is declared twice`);
    const force = isPhpTrue(parameter.attributes.force);
    parameters.push(Object.freeze({ name, force, value: parameter.text === 'null' ? null : parameter.text }));
  }
  return Object.freeze(parameters);
}

/** PHP's filter_var(FILTER_VALIDATE_BOOLEAN): '1', 'true', 'on', 'yes' (any case) are true, the rest false. */
function isPhpTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'on', 'yes'].includes(value.trim().toLowerCase());
}

// xs:boolean. Magento casts with (bool), which makes secure="false" true; refusing odd values avoids that trap.
function readSecure(value: string | undefined, fail: Fail): boolean {
  if (value === undefined) return false;
  const text = value.trim();
  if (text === 'true' || text === '1') return true;
  if (text === 'false' || text === '0') return false;
  return fail(`secure must be true or false, not "${value}"`);
}
