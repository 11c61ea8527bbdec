// Readable display names derived from provider model ids: `mistral-large-latest` → "Mistral Large (latest)".

const ACRONYMS = new Set(['ocr', 'fim', 'api', 'tts', 'asr', 'llm', 'vl', 'gpt', 'ai']);
const WORDS: Record<string, string> = {
  mistral: 'Mistral',
  ministral: 'Ministral',
  codestral: 'Codestral',
  devstral: 'Devstral',
  magistral: 'Magistral',
  pixtral: 'Pixtral',
  voxtral: 'Voxtral',
  mathstral: 'Mathstral',
  mixtral: 'Mixtral',
  open: 'Open',
};
/** A date-like version suffix (YYMM, e.g. 2512) or a longer all-digit one (20240101): dropped from the name. */
const VERSION = /^\d{4}$|^\d{8}$/;
/** A parameter count: 8b → 8B, 22b → 22B, 8x7b → 8x7B. */
const SIZE = /^(\d+x)?\d+(\.\d+)?[bm]$/i;

function word(part: string): string {
  const lower = part.toLowerCase();
  if (WORDS[lower]) return WORDS[lower];
  if (ACRONYMS.has(lower)) return lower.toUpperCase();
  if (SIZE.test(part)) return part.slice(0, -1) + part.slice(-1).toUpperCase();
  return lower.charAt(0).toUpperCase() + lower.slice(1);
}

/**
 * The display name for a model id. A trailing `latest` becomes " (latest)"; a trailing date version is dropped
 * (the id beside the name says which one); sizes and acronyms keep their usual case. Never throws.
 */
export function deriveDisplayName(modelId: string): string {
  const id = modelId.trim();
  if (!id) return modelId;
  // Fine-tuned ids (`ft:open-mistral-7b:abc123:20240101:xyz`): name the base model and say it is fine-tuned.
  if (id.startsWith('ft:')) {
    const base = id.split(':')[1];
    return base ? `${deriveDisplayName(base)} (fine-tuned)` : id;
  }
  const parts = id.split(/[-_\s/:]+/).filter(Boolean);
  if (parts.length === 0) return id;
  let suffix = '';
  if (parts.length > 1 && parts[parts.length - 1]!.toLowerCase() === 'latest') {
    parts.pop();
    suffix = ' (latest)';
  } else if (parts.length > 1 && VERSION.test(parts[parts.length - 1]!)) {
    parts.pop();
  }
  return parts.map(word).join(' ') + suffix;
}

/** The version an id ends in, as people read it: `-2411` → "24.11", `-20241022` → "2024-10-22"; else null. */
function versionOf(modelId: string): string | null {
  const yymm = /[-_](\d{2})(\d{2})$/.exec(modelId);
  if (yymm) return `${yymm[1]}.${yymm[2]}`;
  const ymd = /[-_](\d{4})-?(\d{2})-?(\d{2})$/.exec(modelId);
  return ymd ? `${ymd[1]}-${ymd[2]}-${ymd[3]}` : null;
}

function sharedNames(names: ReadonlyMap<string, string>): Set<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const name of names.values()) (seen.has(name) ? shared : seen).add(name);
  return shared;
}

/**
 * The display names of one provider's listed models, no two alike: each id's provider-given name or the one derived
 * from it; where several ids would share a name, each of them that ends in a version says it ("Mistral Large 24.11"
 * and "Mistral Large 25.12"; the undated `mistral-tiny` stays "Mistral Tiny"), and any still shared then name their
 * id ("Gemini 2.5 Flash (gemini-2.5-flash-001)"). A name no other id has is left as it is.
 */
export function distinctDisplayNames(
  cards: readonly { modelId: string; displayName?: string | null }[],
): Map<string, string> {
  const names = new Map(cards.map((c) => [c.modelId, c.displayName || deriveDisplayName(c.modelId)]));
  const shared = sharedNames(names);
  for (const [id, name] of names) {
    const version = shared.has(name) ? versionOf(id) : null;
    if (version) names.set(id, `${name} ${version}`);
  }
  const stillShared = sharedNames(names);
  for (const [id, name] of names) if (stillShared.has(name)) names.set(id, `${name} (${id})`);
  return names;
}
