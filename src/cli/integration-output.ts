import { formatTimestamp } from '../clock.ts';
import { type Integration, STATUS_LABELS } from '../integrations/integration.ts';
import type { Activation } from '../integrations/integration-service.ts';

/** What activation prints: the four credentials as `name: value` lines, or where they were POSTed. */
export function activationLines({ integration, credentials }: Activation, expirySeconds: number): string[] {
  if (credentials === null) {
    return [
      `Posted the consumer key, consumer secret and verifier of integration ${integration.name} to ${integration.endpoint}`,
      `It becomes Active once the consumer completes the OAuth handshake (within ${expirySeconds} s)`,
    ];
  }
  return [
    `consumer_key: ${credentials.consumerKey}`,
    `consumer_secret: ${credentials.consumerSecret}`,
    `access_token: ${credentials.accessToken}`,
    `access_token_secret: ${credentials.accessTokenSecret}`,
  ];
}

/** `integration:show`: every field as `name: value`, and never a secret. */
export function integrationLines(integration: Integration): string[] {
  return [
    `id: ${integration.id}`,
    `name: ${integration.name}`,
    `email: ${integration.email}`,
    `endpoint: ${integration.endpoint ?? ''}`,
    `identity_link_url: ${integration.identityLinkUrl ?? ''}`,
    `status: ${STATUS_LABELS[integration.status]}`,
    `resources: ${integration.allResources ? 'all' : integration.resources.join(',')}`,
    `consumer_key: ${integration.consumerKey}`,
    `created_at: ${formatTimestamp(integration.createdAt)}`,
    `updated_at: ${formatTimestamp(integration.updatedAt)}`,
    // Shown once, on activation: the access token is kept only as a digest, so it cannot be shown again.
    'secrets: not shown (Keyway keeps only a digest of the access token; integration:reauthorize issues a new one)',
  ];
}

/** `integration:list`: one tab-separated line per integration. */
export function listLine(integration: Integration): string {
  return [integration.id, integration.name, STATUS_LABELS[integration.status], integration.endpoint ?? 'manual'].join(
    '\t',
  );
}
