import type { Integration, IntegrationStatus } from '../integrations/integration.ts';

/** An `integration` row joined with its consumer's key. */
export interface IntegrationRow {
  integration_id: number;
  name: string;
  email: string;
  endpoint: string | null;
  identity_link_url: string | null;
  status: number;
  setup_type: number;
  all_resources: number;
  resource_ids: string;
  consumer_id: number;
  consumer_key: string;
  created_at: number;
  updated_at: number;
}

/** Every integration query selects these, so `toIntegration` can read any of them. */
export const SELECT_INTEGRATION = `
SELECT i.integration_id, i.name, i.email, i.endpoint, i.identity_link_url, i.status, i.setup_type, i.all_resources,
  i.resource_ids, i.consumer_id, c.consumer_key, i.created_at, i.updated_at
FROM integration i JOIN oauth_consumer c ON c.entity_id = i.consumer_id`;

/** The granted ids as stored: a JSON array of strings, anything else read as none. */
export function parseResourceIds(text: string): string[] {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** A row as the domain sees it. */
export function toIntegration(row: IntegrationRow): Integration {
  return {
    id: row.integration_id,
    name: row.name,
    email: row.email,
    endpoint: row.endpoint,
    identityLinkUrl: row.identity_link_url,
    status: row.status as IntegrationStatus,
    setupType: row.setup_type,
    allResources: row.all_resources === 1,
    resources: parseResourceIds(row.resource_ids),
    consumerId: row.consumer_id,
    consumerKey: row.consumer_key,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
