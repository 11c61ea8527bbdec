import { describe, expect, it } from 'vitest';
import catalog from '../providers/mistral-catalog.json';
import { deriveModelType } from './type';

describe('deriveModelType', () => {
  const typeOf = (id: string) => {
    const card = catalog.data.find((c) => c.id === id);
    if (!card) throw new Error(id);
    return deriveModelType(card.capabilities, card.id);
  };
  it.each([
    ['mistral-large-latest', 'chat'],
    ['voxtral-small-latest', 'chat'],
    ['codestral-latest', 'chat'],
    ['mistral-embed', 'embedding'],
    ['codestral-embed', 'embedding'],
    ['mistral-moderation-latest', 'moderation'],
    ['mistral-ocr-latest', 'ocr'],
  ])('%s is %s', (id, type) => {
    expect(typeOf(id)).toBe(type);
  });

  it('covers flags the catalog does not have yet', () => {
    expect(deriveModelType({ audio: true }, 'voxtral-mini-transcribe')).toBe('audio');
    expect(deriveModelType({ completion_fim: true }, 'x')).toBe('fim');
    expect(deriveModelType({ classification: true }, 'x')).toBe('classification');
    expect(deriveModelType({ telepathy: true }, 'x')).toBe('other');
    expect(deriveModelType(['completion_chat'], 'x')).toBe('chat');
  });
});
