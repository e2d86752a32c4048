/** A query parameter of an operation, before `in: 'query'` is added. */
export interface QueryParameter {
  name: string;
  required: boolean;
  schema: Json;
  description?: string;
}

type Json = Readonly<Record<string, unknown>>;

// Read as JSON, not by TypeBox kind: a structured argument may be an `asSent` wrapper around the object.
const isObject = (schema: Json) => schema.type === 'object' && typeof schema.properties === 'object';
const isArray = (schema: Json) => schema.type === 'array' && typeof schema.items === 'object';

/**
 * The query parameters one GET argument is written as, in the bracket form Magento's clients use: an object
 * becomes `name[key]`, a list of objects its first item `name[0]`, a list of scalars `name[]`. So
 * `searchCriteria` becomes `searchCriteria[filterGroups][0][filters][0][field]` and its siblings.
 */
export function queryParameters(name: string, declared: object, required: boolean): QueryParameter[] {
  const schema = declared as Json;
  if (isObject(schema)) {
    const properties = schema.properties as Record<string, Json>;
    return Object.entries(properties).flatMap(([key, property]) => queryParameters(`${name}[${key}]`, property, false));
  }
  const items = schema.items as Json;
  if (isArray(schema) && isObject(items)) return queryParameters(`${name}[0]`, items, false);
  // The description belongs to the parameter; the schema keeps only the type.
  const { description, ...rest } = schema;
  return [
    {
      name: isArray(schema) ? `${name}[]` : name,
      required,
      schema: rest,
      ...(typeof description === 'string' ? { description } : {}),
    },
  ];
}
