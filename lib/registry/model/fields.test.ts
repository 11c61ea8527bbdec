// The one model-id rule: what a provider card, a manual model, an import, the CLI and the API accept as an id.
import { describe, expect, it } from 'vitest';
import { isModelId } from './fields';

describe('the model-id rule', () => {
  it.each([
    'mistral-large-latest',
    'ft:gpt-4o-mini:acme:custom@2024+1',
    'models/gemini-2.5-pro',
    'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    'qwen2.5:7b',
    'modèle-été',
    'x'.repeat(256),
  ])('accepts %s', (id) => expect(isModelId(id)).toBe(true));

  it.each([
    ['empty', ''],
    ['too long', 'x'.repeat(257)],
    ['a space', 'mistral large'],
    ['a tab', 'mistral\tlarge'],
    ['a newline', 'mistral\nlarge'],
    ['NUL', 'mistral\u0000large'],
    ['DEL', 'mistral\u007flarge'],
    ['a bidi override', 'mistral\u202elarge'],
    ['a bidi isolate', 'mistral\u2066large'],
    ['a zero-width space', 'mistral\u200blarge'],
    ['a no-break space', 'mistral\u00a0large'],
    ['a lone surrogate', 'mistral\ud800'],
  ])('refuses an id with %s', (_what, id) => expect(isModelId(id)).toBe(false));
});
