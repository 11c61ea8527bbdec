import { describe, expect, it } from 'vitest';
import catalog from '../providers/mistral-catalog.json';
import { deriveDisplayName, distinctDisplayNames } from './display-name';

describe('deriveDisplayName', () => {
  it.each([
    ['mistral-large-latest', 'Mistral Large (latest)'],
    ['ministral-8b-2512', 'Ministral 8B'],
    ['mistral-ocr-2512', 'Mistral OCR'],
    ['mistral-ocr-latest', 'Mistral OCR (latest)'],
    ['open-mistral-nemo-2407', 'Open Mistral Nemo'],
    ['open-mistral-nemo', 'Open Mistral Nemo'],
    ['codestral-embed', 'Codestral Embed'],
    ['mistral-embed', 'Mistral Embed'],
    ['pixtral-12b-2409', 'Pixtral 12B'],
    ['mistral-moderation-latest', 'Mistral Moderation (latest)'],
    ['mistral-small-2506', 'Mistral Small'],
    ['voxtral-small-latest', 'Voxtral Small (latest)'],
    ['mistral-large-pixtral-2411', 'Mistral Large Pixtral'],
    ['open-mixtral-8x22b', 'Open Mixtral 8x22B'],
    ['ft:open-mistral-7b:abc123:20240101:xyz', 'Open Mistral 7B (fine-tuned)'],
    ['latest', 'Latest'],
    ['2512', '2512'],
    ['', ''],
  ])('%s → %s', (id, name) => {
    expect(deriveDisplayName(id)).toBe(name);
  });

  it('names every card of the bundled catalog readably', () => {
    for (const card of catalog.data) {
      const name = deriveDisplayName(card.id);
      expect(name, card.id).toMatch(/^[A-Z0-9]/);
      expect(
        name.split(' ').every((word) => /^[A-Z0-9(]/.test(word)),
        `${card.id} → ${name}`,
      ).toBe(true);
      expect(name, card.id).not.toMatch(/Ocr|\d{4}$/);
    }
  });
});

describe('distinctDisplayNames', () => {
  it('gives no two ids of the bundled catalog the same name: versions tell them apart', () => {
    const names = distinctDisplayNames(catalog.data.map((card) => ({ modelId: card.id })));
    const byName = new Map<string, string[]>();
    for (const [id, name] of names) byName.set(name, [...(byName.get(name) ?? []), id]);
    expect([...byName].filter(([, ids]) => ids.length > 1)).toEqual([]);
    expect(names.get('mistral-large-2411')).toBe('Mistral Large 24.11');
    expect(names.get('mistral-large-2512')).toBe('Mistral Large 25.12');
    expect(names.get('mistral-small-2501')).toBe('Mistral Small 25.01');
    expect(names.get('mistral-tiny')).toBe('Mistral Tiny');
    expect(names.get('pixtral-12b-2409')).toBe('Pixtral 12B 24.09');
    expect(names.get('pixtral-12b')).toBe('Pixtral 12B');
    // A name nobody else has stays as derived.
    expect(names.get('devstral-medium-2507')).toBe('Devstral Medium');
    expect(names.get('mistral-large-latest')).toBe('Mistral Large (latest)');
  });

  it("keeps a provider's own names, telling apart those it gives twice by version or, failing that, by id", () => {
    const names = distinctDisplayNames([
      { modelId: 'gemini-2.5-flash', displayName: 'Gemini 2.5 Flash' },
      { modelId: 'gemini-2.5-flash-001', displayName: 'Gemini 2.5 Flash' },
      { modelId: 'claude-3-5-sonnet-20241022', displayName: 'Claude Sonnet 3.5' },
      { modelId: 'claude-3-5-sonnet-20240620', displayName: 'Claude Sonnet 3.5' },
      { modelId: 'gpt-4o', displayName: 'GPT-4o' },
    ]);
    expect(Object.fromEntries(names)).toEqual({
      'gemini-2.5-flash': 'Gemini 2.5 Flash (gemini-2.5-flash)',
      'gemini-2.5-flash-001': 'Gemini 2.5 Flash (gemini-2.5-flash-001)',
      'claude-3-5-sonnet-20241022': 'Claude Sonnet 3.5 2024-10-22',
      'claude-3-5-sonnet-20240620': 'Claude Sonnet 3.5 2024-06-20',
      'gpt-4o': 'GPT-4o',
    });
  });
});
