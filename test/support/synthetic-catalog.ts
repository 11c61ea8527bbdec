// Mistral-shaped /v1/models answers of any size, for fault and scale tests: the recorded catalog's cards as
// templates, renamed into groups (`<name>-<date>` plus `<name>-latest` as its alias), so groups, aliases and
// deprecations look like the real thing.
import recorded from '../../lib/registry/providers/mistral-catalog.json';

type Card = (typeof recorded.data)[number];

/** `count` cards (rounded up to whole groups of two), deterministic for a given `variant`. */
export function syntheticCatalog(count: number, variant = 0): { object: 'list'; data: Card[] } {
  const templates = recorded.data;
  const data: Card[] = [];
  for (let group = 0; data.length < count; group++) {
    const template = templates[group % templates.length] as Card;
    const name = `synth-${template.id.replace(/-(latest|\d{4})$/, '')}-${group}`;
    const dated = `${name}-2501`;
    const latest = `${name}-latest`;
    const base = {
      ...template,
      name: dated,
      description: `Synthetic model ${group}, variant ${variant}.`,
      max_context_length: 32_768 * (1 + ((group + variant) % 8)),
      deprecation: group % 50 === 7 ? '2027-01-01T00:00:00Z' : null,
      deprecation_replacement_model: group % 50 === 7 ? latest : null,
    } as Card;
    data.push({ ...base, id: dated, aliases: [latest] } as Card);
    data.push({ ...base, id: latest, aliases: [dated] } as Card);
  }
  return { object: 'list', data };
}

/** The recorded 44 cards plus `extra` synthetic ones: a seed adds the extras and retires nothing. */
export function recordedPlus(extra: number, variant = 0) {
  return { object: 'list' as const, data: [...recorded.data, ...syntheticCatalog(extra, variant).data] };
}
