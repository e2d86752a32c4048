import { hasControlCharacters, isEmailAddress } from '../accounts/text-rules.ts';
import { AppError, fieldRequired } from '../errors.ts';
import type { IntegrationInput } from './integration.ts';

const MAX_TEXT = 255;

/** Magento's varchar(255) columns; control characters only serve to disguise one name as another. */
function isPlainText(text: string): boolean {
  return text.length <= MAX_TEXT && !hasControlCharacters(text);
}

/** An http(s) URL, as the endpoint the credentials are POSTed to and the identity link must be. */
function isHttpUrl(text: string): boolean {
  if (!isPlainText(text)) return false;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const invalid = (fieldName: string) => new AppError('invalidFieldValue', { fieldName });

/**
 * Checks what an admin sent for an integration, throwing the first catalogue error: the name is required,
 * the email (if any) must look like one, the URLs must be http(s), and every resource must be in the ACL tree.
 * Answers the input normalised (trimmed name, empty URLs as none).
 */
export function checkIntegrationInput(
  input: IntegrationInput,
  isAclResource: (id: string) => boolean,
): IntegrationInput {
  const name = input.name.trim();
  if (name === '') throw fieldRequired('name');
  if (!isPlainText(name)) throw invalid('name');
  if (input.email !== '' && !isEmailAddress(input.email)) throw invalid('email');
  const endpoint = input.endpoint === null || input.endpoint === '' ? null : input.endpoint;
  if (endpoint !== null && !isHttpUrl(endpoint)) throw invalid('endpoint');
  const identityLinkUrl = input.identityLinkUrl === null || input.identityLinkUrl === '' ? null : input.identityLinkUrl;
  if (identityLinkUrl !== null && !isHttpUrl(identityLinkUrl)) throw invalid('identity_link_url');
  const resources = input.allResources ? [] : [...new Set(input.resources)];
  const unknown = resources.find((id) => !isAclResource(id));
  if (unknown !== undefined) throw new AppError('aclResourceUnknown', [unknown]);
  return { ...input, name, endpoint, identityLinkUrl, resources };
}
