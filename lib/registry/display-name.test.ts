import { describe, expect, it } from 'vitest';
import { deriveDisplayName } from './display-name';
import catalog from './providers/mistral-catalog.json';

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
