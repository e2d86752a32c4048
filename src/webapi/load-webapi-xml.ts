import { ConfigError } from './config-error.ts';
import { parseConfigXml, readConfigFile } from './parse-config-xml.ts';
import type { Route } from './route.ts';
import { routeFromElement } from './route-from-element.ts';
import { assertUniqueRoutes } from './unique-routes.ts';
import { assertShape } from './xml-shape.ts';

/** Parses one webapi.xml text into frozen routes, in document order; throws ConfigError on the first problem. */
export function parseWebapiXml(text: string, file: string): Route[] {
  const root = parseConfigXml(text, file);
  const fail = (reason: string): never => {
    throw new ConfigError(reason, { file, line: root.line });
  };
  if (root.name !== 'routes') fail(`root element must be <routes>, not <${root.name}>`);
  assertShape(root, { attributes: [], children: ['route'] }, fail);
  const routes = root.children.map((element) => routeFromElement(element, file));
  assertUniqueRoutes(routes);
  return routes;
}

/** Reads and parses every webapi.xml file; a method and url declared twice, even across files, is an error. */
export function loadWebapiXml(files: readonly string[]): Route[] {
  const routes = files.flatMap((file) => parseWebapiXml(readConfigFile(file), file));
  assertUniqueRoutes(routes);
  return routes;
}
