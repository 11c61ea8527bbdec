// The import parser applies the registry's own field rules: what a seed stores, an import reads back.
import { describe, expect, it } from 'vitest';
import { parseExportFile } from './transfer';

const file = (modelId: string, aliases: string[] = []) =>
  JSON.stringify({
    format: 'model-registry-export',
    version: 1,
    models: [
      {
        provider: 'mistral',
        modelId,
        source: 'manual',
        status: 'active',
        statusSource: 'admin',
        manual: { displayName: 'Fine-tune', type: 'chat', aliases },
      },
    ],
  });

describe('import parser ids', () => {
  it('reads back ids with @, + and other printable characters a seed stores', () => {
    const parsed = parseExportFile(file('ft:acme@model+v2', ['acme/model~2']));
    expect(parsed.models[0]?.modelId).toBe('ft:acme@model+v2');
  });

  it('refuses ids with whitespace or bidi overrides, naming the path', () => {
    expect(() => parseExportFile(file('bad id'))).toThrow(/models\[0\]\.modelId: A model id is/);
    expect(() => parseExportFile(file('ok', ['evil\u202eid']))).toThrow(/models\[0\]\.manual\.aliases\[0\]/);
  });
});
