import { describe, expect, it } from 'vitest';
import { qualifiedModelId, resolveModelRef, splitQualifiedId } from './qualified-id';

const known = new Set(['mistral', 'openai', 'openrouter', 'ollama']);

describe('model references across providers', () => {
  it("keeps Mistral's ids bare and qualifies every other provider's", () => {
    expect(qualifiedModelId('mistral', 'mistral-large-latest')).toBe('mistral-large-latest');
    expect(qualifiedModelId('openai', 'gpt-4o')).toBe('openai/gpt-4o');
    expect(qualifiedModelId('openrouter', 'openai/gpt-4o')).toBe('openrouter/openai/gpt-4o');
  });

  it('splits on the first segment only when it is a known provider and something follows', () => {
    expect(splitQualifiedId('openai/gpt-4o', known)).toEqual({ provider: 'openai', modelId: 'gpt-4o' });
    expect(splitQualifiedId('openrouter/openai/gpt-4o', known)).toEqual({
      provider: 'openrouter',
      modelId: 'openai/gpt-4o',
    });
    expect(splitQualifiedId('mistral/mistral-large', known)).toEqual({
      provider: 'mistral',
      modelId: 'mistral-large',
    });
    expect(splitQualifiedId('mistralai/mistral-large', known)).toBeNull();
    expect(splitQualifiedId('mistral-large', known)).toBeNull();
    expect(splitQualifiedId('openai/', known)).toBeNull();
    expect(splitQualifiedId('/gpt-4o', known)).toBeNull();
  });

  it('reads any id as one model: a qualified id as its provider, anything else as a bare Mistral id', () => {
    expect(resolveModelRef('openai/gpt-4o', known)).toEqual({ provider: 'openai', modelId: 'gpt-4o' });
    expect(resolveModelRef('openrouter/openai/gpt-4o', known)).toEqual({
      provider: 'openrouter',
      modelId: 'openai/gpt-4o',
    });
    expect(resolveModelRef('gpt-4o', known)).toEqual({ provider: 'mistral', modelId: 'gpt-4o' });
    expect(resolveModelRef('mistralai/mistral-large', known)).toEqual({
      provider: 'mistral',
      modelId: 'mistralai/mistral-large',
    });
    // Every qualified id reads back as the model it names.
    for (const [provider, modelId] of [
      ['mistral', 'mistral-large-latest'],
      ['openai', 'gpt-4o'],
      ['openrouter', 'openai/gpt-4o'],
      ['ollama', 'llama3:8b'],
    ] as const) {
      expect(resolveModelRef(qualifiedModelId(provider, modelId), known)).toEqual({ provider, modelId });
    }
  });
});
