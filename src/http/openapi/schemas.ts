/**
 * The document's `components.schemas`: Magento's error body, and the payloads the services declare
 * (`src/api/payloads.ts`).
 */
import type { TSchema } from 'typebox';
import { PAYLOADS } from '../../api/payloads.ts';

export type Schema = Readonly<Record<string, unknown>>;

const string = { type: 'string' } as const;

export const COMPONENT_SCHEMAS: Readonly<Record<string, Schema | TSchema>> = {
  /** Magento's error body; `parameters` fills the `%name` or `%1` placeholders left in `message`. */
  Error: {
    type: 'object',
    properties: {
      message: string,
      errors: { type: 'array', items: { $ref: '#/components/schemas/Error' } },
      code: { type: 'integer' },
      parameters: {
        oneOf: [
          { type: 'object', additionalProperties: true },
          { type: 'array', items: {} },
        ],
      },
      trace: string,
    },
    required: ['message'],
  },
  ...PAYLOADS,
};
