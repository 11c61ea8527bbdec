// How one model is named across providers: the consumer API's ids and the config's pin entries. Mistral's ids stay
// bare (as they always were, so existing consumers and configs keep working); every other provider's id is
// `<provider>/<model_id>` (LiteLLM's convention): `openai/gpt-4o`, `openrouter/openai/gpt-4o`. So ids are unique
// and never change because another provider lists the same name.

/** The provider whose ids are used bare. */
const BARE_ID_PROVIDER = 'mistral';

/** The id the consumer API serves for `modelId` of `provider`. */
export function qualifiedModelId(provider: string, modelId: string): string {
  return provider === BARE_ID_PROVIDER ? modelId : `${provider}/${modelId}`;
}

/**
 * A provider-qualified name split into its parts: the first path segment is a known provider id (built-in,
 * configured or not, or declared in PROVIDERS_PATH) and something follows it. Anything else is unqualified (null):
 * `mistral-large`, `mistralai/mistral-large`.
 */
export function splitQualifiedId(
  id: string,
  providerIds: ReadonlySet<string>,
): { provider: string; modelId: string } | null {
  const slash = id.indexOf('/');
  if (slash <= 0 || slash === id.length - 1) return null;
  const provider = id.slice(0, slash);
  return providerIds.has(provider) ? { provider, modelId: id.slice(slash + 1) } : null;
}

/**
 * The model an id names, the inverse of `qualifiedModelId`: a qualified id (see `splitQualifiedId`) is its
 * provider's model, anything else is a bare Mistral id. `openai/gpt-4o` is never Mistral's model and `gpt-4o` is
 * never OpenAI's.
 */
export function resolveModelRef(
  id: string,
  providerIds: ReadonlySet<string>,
): { provider: string; modelId: string } {
  return splitQualifiedId(id, providerIds) ?? { provider: BARE_ID_PROVIDER, modelId: id };
}
