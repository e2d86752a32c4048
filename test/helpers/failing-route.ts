// A route Keyway does not ship, whose service throws, for the suites that check what an internal error leaves
// in the log. It lives in a config folder of its own, loaded next to the built-in routes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FailingRoute {
  /** For `configDirs`. */
  dir: string;
  /** For `extraServices`. */
  services: Record<string, { args: []; call(): Promise<never> }>;
  remove(): void;
}

/**
 * An anonymous route `method url` served by `service` (`Vendor\Module\Api\Interface::method`), which throws
 * what `error` makes; the module folder is named after the service's vendor and module, as Magento's are.
 */
export function failingRoute(method: string, url: string, service: string, error: () => Error): FailingRoute {
  const [serviceClass, serviceMethod] = service.split('::') as [string, string];
  const [vendor, module] = serviceClass.split('\\');
  const dir = mkdtempSync(join(tmpdir(), 'keyway-route-'));
  mkdirSync(join(dir, `${vendor}_${module}`));
  writeFileSync(
    join(dir, `${vendor}_${module}`, 'webapi.xml'),
    `<?xml version="1.0"?>
<routes>
    <route url="${url}" method="${method}">
        <service class="${serviceClass}" method="${serviceMethod}"/>
        <resources><resource ref="anonymous"/></resources>
    </route>
</routes>
`,
  );
  const call = async (): Promise<never> => {
    throw error();
  };
  return {
    dir,
    services: { [service]: { args: [], call } },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
