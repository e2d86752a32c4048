// Checks a value against the subset of OpenAPI 3.0 schema that Keyway's document uses ($ref into
// components.schemas, type, properties, required, items, enum, pattern, oneOf, additionalProperties), so a
// test can prove real answers match the document. Answers a list of problems; empty means it conforms.
type Schema = Record<string, unknown>;

export function checkSchema(value: unknown, schema: Schema, components: Record<string, Schema>, at = '$'): string[] {
  if (typeof schema.$ref === 'string') {
    const target = components[schema.$ref.replace('#/components/schemas/', '')];
    return target ? checkSchema(value, target, components, at) : [`${at}: unknown $ref ${schema.$ref}`];
  }
  if (Array.isArray(schema.oneOf)) {
    const matches = (schema.oneOf as Schema[]).filter(
      (option) => checkSchema(value, option, components, at).length === 0,
    );
    return matches.length === 1 ? [] : [`${at}: matches ${matches.length} of oneOf`];
  }
  const problems: string[] = [];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) problems.push(`${at}: ${String(value)} not in enum`);
  switch (schema.type) {
    case undefined:
      return problems;
    case 'string':
      if (typeof value !== 'string') return [`${at}: expected string, got ${JSON.stringify(value)}`];
      if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value))
        problems.push(`${at}: does not match ${schema.pattern}`);
      return problems;
    case 'integer':
      return Number.isInteger(value) ? problems : [`${at}: expected integer, got ${JSON.stringify(value)}`];
    case 'boolean':
      return typeof value === 'boolean' ? problems : [`${at}: expected boolean, got ${JSON.stringify(value)}`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: expected array`];
      return value.flatMap((item, index) =>
        checkSchema(item, (schema.items ?? {}) as Schema, components, `${at}[${index}]`),
      );
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: expected object`];
      const record = value as Record<string, unknown>;
      const properties = (schema.properties ?? {}) as Record<string, Schema>;
      for (const name of (schema.required ?? []) as string[])
        if (!(name in record)) problems.push(`${at}: missing ${name}`);
      for (const [name, item] of Object.entries(record)) {
        if (properties[name]) problems.push(...checkSchema(item, properties[name]!, components, `${at}.${name}`));
        else if (
          schema.additionalProperties === false ||
          (schema.properties && schema.additionalProperties === undefined)
        ) {
          problems.push(`${at}: unexpected key ${name}`);
        }
      }
      return problems;
    }
    default:
      return [`${at}: unsupported type ${String(schema.type)}`];
  }
}
