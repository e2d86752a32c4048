/** The form Magento's `OauthService::postToConsumer` sends to an integration's endpoint on activation. */
export interface ConsumerPost {
  oauth_consumer_key: string;
  oauth_consumer_secret: string;
  store_base_url: string;
  oauth_verifier: string;
}

/** Sends the activation form; rejects on any transport failure or timeout (the answer itself is ignored). */
export type PostToConsumer = (endpoint: string, form: ConsumerPost, timeoutMs: number) => Promise<void>;

/**
 * Node's fetch, form-encoded, with no redirects followed (Magento's `oauth/consumer/post_maxredirects` is 0):
 * the consumer secret must reach the endpoint the admin typed and no other.
 */
export const fetchPostToConsumer: PostToConsumer = async (endpoint, form, timeoutMs) => {
  const response = await fetch(endpoint, {
    method: 'POST',
    body: new URLSearchParams({ ...form }),
    redirect: 'manual',
    signal: AbortSignal.timeout(timeoutMs),
  });
  // Magento ignores the status and body; reading the body lets the connection be reused or closed cleanly.
  await response.arrayBuffer();
};
