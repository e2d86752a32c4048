// The webapi module's public surface: route and ACL files in, a frozen route table out.
export { ConfigError, type ConfigErrorLocation } from './config-error.ts';
export { HTTP_METHODS, routeLabel, type HttpMethod, type Route, type RouteParameter } from './route.ts';
export { loadWebapiXml, parseWebapiXml } from './load-webapi-xml.ts';
export type { AclTree } from './acl-tree.ts';
export { loadAclXml, parseAclXml } from './load-acl-xml.ts';
export { validateRoutes } from './validate-routes.ts';
export { createRouteTable, type RouteMatch, type RouteTable } from './route-table.ts';
