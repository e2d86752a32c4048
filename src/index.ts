// Keyway as a library: the entry point `import ... from 'keyway'` resolves to (package.json `exports`).
// createKeyway builds the services over a database; createApp puts the HTTP layer around them and never
// listens, so the caller decides where it is served: alone, or inside its own Fastify server (README,
// "Embedding Keyway in a Fastify app").
import type { Keyway, KeywayOptions } from './keyway.ts';

export { createApp, type HttpOptions } from './app.ts';
export { createKeyway, type Keyway, type KeywayOptions } from './keyway.ts';
// What Keyway's own server awaits before it listens (see the module): a host serving Keyway should too.
export { settleNextTick } from './settle-next-tick.ts';

// The services are named here from the Keyway interface rather than from their modules, so the public names
// stay put while the modules behind them move.
export type TokenService = Keyway['tokens'];
export type LoginService = Keyway['login'];
export type CustomerService = Keyway['customers'];
export type AdminService = Keyway['admins'];
export type TfaService = Keyway['tfa'];
export type Settings = Keyway['settings'];
export type AuthEvents = Keyway['authEvents'];
export type Stores = Keyway['stores'];
export type AclTree = Keyway['acl'];
export type RouteTable = Keyway['routes'];
export type ServiceRegistry = Keyway['services'];
export type PasswordHasher = Keyway['hasher'];
export type Clock = Keyway['clock'];
export type Logger = Keyway['logger'];
/** A service method for a route declared in extra `webapi.xml` files, keyed `Class::method`. */
export type ServiceMethod = NonNullable<KeywayOptions['extraServices']>[string];
