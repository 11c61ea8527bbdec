// A model's type, derived from the provider's capability flags (Mistral's own `type` field is always "base").
import type { ModelType } from '../types';

/** Names of the enabled flags, sorted; unknown flags are kept. */
export function enabledCapabilities(capabilities: Record<string, unknown> | string[]): string[] {
  const names = Array.isArray(capabilities)
    ? capabilities
    : Object.entries(capabilities)
        .filter(([, on]) => on === true)
        .map(([name]) => name);
  return [...new Set(names)].sort();
}

export function deriveModelType(
  capabilities: Record<string, unknown> | string[],
  modelId: string,
): ModelType {
  const on = new Set(enabledCapabilities(capabilities));
  if (on.has('ocr')) return 'ocr';
  if (on.has('moderation')) return 'moderation';
  if (on.has('completion_chat')) return 'chat';
  if (on.has('audio')) return 'audio'; // audio without chat: transcription
  if (on.has('completion_fim')) return 'fim';
  if (on.has('classification')) return 'classification';
  if (/embed/i.test(modelId)) return 'embedding';
  return 'other';
}
