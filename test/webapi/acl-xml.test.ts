// parseAclXml merges acl.xml files by id; validateRoutes checks route resources against the result.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadAclXml, parseAclXml, parseWebapiXml, validateRoutes } from '../../src/webapi/index.ts';
import { assertConfigError } from './config-error-assert.ts';

const acl = (resources: string) =>
  `<?xml version="1.0"?>\n<config xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n<acl><resources>\n${resources}\n</resources></acl>\n</config>`;

const BACKEND = acl(`<resource id="Magento_Backend::all" title="Allow everything"/>
<resource id="Magento_Backend::admin" title="Magento Admin">
  <resource id="Magento_Backend::stores" title="Stores"/>
</resource>`);
const CUSTOMER = acl(`<resource id="Magento_Backend::admin">
  <resource id="Magento_Customer::customer" title="Customers" translate="title" sortOrder="40">
    <resource id="Magento_Customer::manage" title="All Customers"/>
  </resource>
  <resource id="Magento_Backend::stores"><resource id="Magento_Config::config"/></resource>
</resource>`);

test('later files add children under ids declared earlier', () => {
  const tree = parseAclXml([
    { text: BACKEND, file: 'Backend/acl.xml' },
    { text: CUSTOMER, file: 'Customer/acl.xml' },
  ]);
  assert.deepEqual(tree.ids(), [
    'Magento_Backend::all',
    'Magento_Backend::admin',
    'Magento_Backend::stores',
    'Magento_Customer::customer',
    'Magento_Customer::manage',
    'Magento_Config::config',
  ]);
  assert.equal(tree.parentOf('Magento_Customer::manage'), 'Magento_Customer::customer');
  assert.equal(tree.parentOf('Magento_Customer::customer'), 'Magento_Backend::admin');
  assert.equal(tree.parentOf('Magento_Config::config'), 'Magento_Backend::stores');
  assert.equal(tree.parentOf('Magento_Backend::all'), undefined);
  assert.equal(tree.title('Magento_Backend::admin'), 'Magento Admin');
  assert.equal(tree.title('Magento_Config::config'), undefined);
  assert.equal(tree.has('Magento_Customer::manage'), true);
  assert.equal(tree.has('Magento_Customer::delete'), false);
  assert.equal(tree.parentOf('Magento_Customer::delete'), undefined);
  // ids() hands out a copy; the tree itself is frozen.
  tree.ids().pop();
  assert.equal(tree.ids().length, 6);
  assert.ok(Object.isFrozen(tree));
});

test('acl.xml problems are refused naming file and line', () => {
  const parse =
    (text: string, file = 'Vendor/acl.xml') =>
    () =>
      parseAclXml([
        { text: BACKEND, file: 'Backend/acl.xml' },
        { text, file },
      ]);
  assertConfigError(parse(acl('<resource title="No id"/>')), {
    file: 'Vendor/acl.xml',
    line: 4,
    reason: /needs a non-empty id/,
  });
  assertConfigError(
    parse(acl('<resource id="Magento_Backend::admin">\n<resource id="Magento_Backend::all"/>\n</resource>')),
    {
      file: 'Vendor/acl.xml',
      line: 5,
      reason:
        /"Magento_Backend::all" is declared under "Magento_Backend::admin" but already at the top level at Backend\/acl\.xml:4/,
    },
  );
  assertConfigError(parse(acl('<resource id="self"/>')), { file: 'Vendor/acl.xml', line: 4, reason: /reserved/ });
  assertConfigError(parse(acl('<resource id="A" titel="typo"/>')), {
    file: 'Vendor/acl.xml',
    line: 4,
    reason: /unknown attribute "titel"/,
  });
  assertConfigError(parse('<?xml version="1.0"?>\n<!DOCTYPE config SYSTEM "file:///etc/passwd">\n<config/>'), {
    file: 'Vendor/acl.xml',
    line: 2,
    reason: /DOCTYPE/,
  });
  assertConfigError(parse('<config>\n<acl><resources><resource id="A"></resources></acl></config>'), {
    file: 'Vendor/acl.xml',
    line: 2,
    reason: /not well-formed/,
  });
  assertConfigError(parse('<config>\n<acl/>\n</config>'), {
    file: 'Vendor/acl.xml',
    line: 2,
    reason: /missing <resources>/,
  });
  assertConfigError(parse('<routes/>'), { file: 'Vendor/acl.xml', line: 1, reason: /root element must be <config>/ });
});

test('loadAclXml reads files in order', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyway-acl-'));
  try {
    writeFileSync(join(dir, 'backend.xml'), BACKEND);
    writeFileSync(join(dir, 'customer.xml'), CUSTOMER);
    assert.equal(
      loadAclXml([join(dir, 'backend.xml'), join(dir, 'customer.xml')]).parentOf('Magento_Customer::customer'),
      'Magento_Backend::admin',
    );
    assertConfigError(() => loadAclXml([join(dir, 'nope.xml')]), {
      file: join(dir, 'nope.xml'),
      reason: /cannot read file/,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const tree = parseAclXml([
  { text: BACKEND, file: 'Backend/acl.xml' },
  { text: CUSTOMER, file: 'Customer/acl.xml' },
]);
const REPOSITORY = 'Magento\\Customer\\Api\\CustomerRepositoryInterface';
const ACCOUNTS = 'Magento\\Customer\\Api\\AccountManagementInterface';
const route = (method: string, url: string, service: string, refs: string[]) => {
  const [serviceClass, serviceMethod] = service.split('::');
  const resources = refs.map((ref) => `<resource ref="${ref}"/>`).join('');
  return (
    `<route url="${url}" method="${method}"><service class="${serviceClass}" method="${serviceMethod}"/>` +
    `<resources>${resources}</resources></route>`
  );
};
const routes = parseWebapiXml(
  `<routes>
${route('GET', '/V1/customers/me', `\\${REPOSITORY}::getById`, ['self'])}
${route('POST', '/V1/customers', `${ACCOUNTS}::createAccount`, ['anonymous'])}
${route('PUT', '/V1/customers/:id', `${REPOSITORY}::save`, ['Magento_Customer::manage'])}
${route('DELETE', '/V1/customers/:id', `${REPOSITORY}::deleteById`, ['Magento_Customer::manage', 'Magento_Customer::delete'])}
</routes>`,
  'Customer/webapi.xml',
);

test('validateRoutes accepts anonymous, self and known ACL ids, and names an unknown one', () => {
  assert.doesNotThrow(() => validateRoutes(routes.slice(0, 3), tree));
  assertConfigError(() => validateRoutes(routes, tree), {
    file: 'Customer/webapi.xml',
    line: 5,
    route: 'DELETE /V1/customers/:id',
    reason: /unknown ACL resource "Magento_Customer::delete"/,
  });
});

test('validateRoutes refuses a service Keyway does not implement', () => {
  const implemented = new Set([`${REPOSITORY}::getById`, `${REPOSITORY}::save`]);
  const isKnown = (serviceClass: string, method: string) => implemented.has(`${serviceClass}::${method}`);
  assert.doesNotThrow(() => validateRoutes([routes[0], routes[2]], tree, isKnown));
  assertConfigError(() => validateRoutes(routes.slice(0, 3), tree, isKnown), {
    file: 'Customer/webapi.xml',
    line: 3,
    route: 'POST /V1/customers',
    reason: /Keyway has no implementation of Magento\\Customer\\Api\\AccountManagementInterface::createAccount/,
  });
});
