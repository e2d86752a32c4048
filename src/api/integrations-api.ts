import { Type, type Static } from 'typebox';
import { formatTimestamp } from '../clock.ts';
import { AppError, fieldRequired } from '../errors.ts';
import { type Integration, type IntegrationInput, STATUS_LABELS } from '../integrations/integration.ts';
import type { Activation, IntegrationService } from '../integrations/integration-service.ts';
import { isRecord, normaliseKeys, toBoolValue, toStringValue } from '../webapi/type-processor.ts';
import { defineService, readAs } from './define-service.ts';
import { nullable, TRUE } from './payloads.ts';
import type { ServiceMethod } from './service-method.ts';

// Keyway's own service: Magento manages integrations in its admin panel only and has no REST route for them.
const SERVICE = 'Keyway\\Integration\\Api\\IntegrationManagementInterface';

/** What an admin sends: Magento's admin form fields, `resources` being its `resource[]`. */
const INTEGRATION_INPUT = Type.Object({
  name: Type.String(),
  email: Type.Optional(Type.String()),
  endpoint: Type.Optional(nullable(Type.String({ description: 'Callback URL the credentials are POSTed to' }))),
  identity_link_url: Type.Optional(nullable(Type.String())),
  all_resources: Type.Optional(Type.Boolean()),
  resources: Type.Optional(Type.Array(Type.String(), { description: 'ACL resource ids, when not all_resources' })),
});

/** An integration as answered: never a secret, only the consumer key (an identifier). */
const INTEGRATION = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  email: Type.String(),
  endpoint: nullable(Type.String()),
  identity_link_url: nullable(Type.String()),
  status: Type.Integer({ description: '0 Inactive, 1 Active, 2 Reset' }),
  status_label: Type.String(),
  setup_type: Type.Integer(),
  all_resources: Type.Boolean(),
  resources: Type.Array(Type.String()),
  consumer_key: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
});

/** Answered once, on activation without an endpoint; Keyway keeps only the access token's digest. */
const CREDENTIALS = Type.Object({
  consumer_key: Type.String(),
  consumer_secret: Type.String(),
  token: Type.String(),
  token_secret: Type.String(),
});

const ACTIVATION = Type.Object({
  integration: INTEGRATION,
  credentials: nullable(CREDENTIALS),
});

/** Reads `integration` from a request body field by field, with Magento's scalar casts. */
function readIntegrationInput(value: unknown): IntegrationInput {
  if (!isRecord(value)) throw new AppError('invalidType', { value: String(value), type: 'IntegrationInterface' });
  const fields = normaliseKeys(value);
  const text = (name: string) => {
    const field = fields.get(name);
    return field === undefined || field === null ? null : toStringValue(field);
  };
  const name = text('name');
  if (name === null) throw fieldRequired('name');
  const resources = fields.get('resources') ?? [];
  return {
    name,
    email: text('email') ?? '',
    endpoint: text('endpoint'),
    identityLinkUrl: text('identity_link_url'),
    allResources: fields.has('all_resources') ? toBoolValue(fields.get('all_resources')) : false,
    resources: (Array.isArray(resources) ? resources : [resources]).map(toStringValue),
  };
}

function integrationData(integration: Integration): Static<typeof INTEGRATION> {
  return {
    id: integration.id,
    name: integration.name,
    email: integration.email,
    endpoint: integration.endpoint,
    identity_link_url: integration.identityLinkUrl,
    status: integration.status,
    status_label: STATUS_LABELS[integration.status],
    setup_type: integration.setupType,
    all_resources: integration.allResources,
    resources: [...integration.resources],
    consumer_key: integration.consumerKey,
    created_at: formatTimestamp(integration.createdAt),
    updated_at: formatTimestamp(integration.updatedAt),
  };
}

function activationData({ integration, credentials }: Activation): Static<typeof ACTIVATION> {
  return {
    integration: integrationData(integration),
    credentials:
      credentials === null
        ? null
        : {
            consumer_key: credentials.consumerKey,
            consumer_secret: credentials.consumerSecret,
            token: credentials.accessToken,
            token_secret: credentials.accessTokenSecret,
          },
  };
}

const integrationId = () => Type.Integer();
const input = () => readAs(INTEGRATION_INPUT, readIntegrationInput);

/** Keyway's integration management routes (not in Magento, whose admin panel does this). */
export function integrationManagementServices(integrations: IntegrationService): Record<string, ServiceMethod> {
  return {
    [`${SERVICE}::getList`]: defineService({
      summary: 'List integrations',
      args: Type.Object({}),
      answer: Type.Array(INTEGRATION),
      call: async () => (await integrations.list()).map(integrationData),
    }),
    [`${SERVICE}::get`]: defineService({
      summary: 'Read an integration (never its secrets)',
      args: Type.Object({ integrationId: integrationId() }),
      answer: INTEGRATION,
      call: async ({ integrationId }) => integrationData(await integrations.get(integrationId)),
    }),
    [`${SERVICE}::create`]: defineService({
      summary: 'Create an inactive integration with a new consumer key and secret',
      args: Type.Object({ integration: input() }),
      answer: INTEGRATION,
      call: async ({ integration }) => integrationData(await integrations.create(integration)),
    }),
    [`${SERVICE}::update`]: defineService({
      summary: "Replace an integration's name, contact, URLs and resources",
      args: Type.Object({ integrationId: integrationId(), integration: input() }),
      answer: INTEGRATION,
      call: async ({ integrationId, integration }) =>
        integrationData(await integrations.update(integrationId, integration)),
    }),
    [`${SERVICE}::delete`]: defineService({
      summary: 'Delete an integration with its consumer and tokens',
      args: Type.Object({ integrationId: integrationId() }),
      answer: TRUE,
      async call({ integrationId }) {
        await integrations.delete(integrationId);
        return true;
      },
    }),
    [`${SERVICE}::activate`]: defineService({
      summary: 'Activate: answers the four credentials once, or POSTs them to the endpoint',
      args: Type.Object({ integrationId: integrationId() }),
      answer: ACTIVATION,
      call: async ({ integrationId }) => activationData(await integrations.activate(integrationId)),
    }),
    [`${SERVICE}::reauthorize`]: defineService({
      summary: 'Reauthorize: the old access token stops working at once; new credentials as on activation',
      args: Type.Object({ integrationId: integrationId() }),
      answer: ACTIVATION,
      call: async ({ integrationId }) => activationData(await integrations.reauthorize(integrationId)),
    }),
  };
}
