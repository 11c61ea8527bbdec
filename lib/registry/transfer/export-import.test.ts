// The import parser applies the registry's own field rules: what a seed stores, an import reads back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExportFile, readExportFile } from './export-import';

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

describe('reading an export file from disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mr-transfer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  // 5,000 entries, pretty-printed as models:export writes them: more than one read of the streamed reader (1 MB).
  const entries = Array.from({ length: 5000 }, (_, i) => ({
    provider: 'mistral',
    modelId: `model-${i}`,
    source: i % 50 === 0 ? 'manual' : 'provider',
    status: i % 2 ? 'active' : 'inactive',
    statusSource: 'admin',
    statusSetBy: 'admin:someone@example.test',
    retired: false,
    isDefault: false,
    inputPricePerMtok: i % 7 ? null : '1.5',
    outputPricePerMtok: i % 7 ? null : '3',
    overrides: i % 50 === 0 ? {} : i % 3 ? {} : { description: `Tuned "${i}" { } [ ] \\ é` },
    ...(i % 50 === 0 ? { manual: { displayName: `Manual ${i}`, type: 'chat' } } : {}),
  }));
  const text = (models: unknown[]) =>
    `${JSON.stringify({ format: 'model-registry-export', version: 1, exportedAt: '2026-01-01T00:00:00.000Z', models }, null, 2)}\n`;

  it('streams a valid file to exactly what parseExportFile makes of its text', async () => {
    const content = text(entries);
    expect(Buffer.byteLength(content)).toBeGreaterThan(1024 * 1024);
    expect(await readExportFile(write('valid.json', content))).toEqual(parseExportFile(content));
  });

  it('a problem late in the file: the same refusal, naming its JSON path, as for the whole text', async () => {
    const late = structuredClone(entries) as Record<string, unknown>[];
    (late[4999] as Record<string, unknown>).status = 'maybe';
    const duplicate = structuredClone(entries) as Record<string, unknown>[];
    (duplicate[4998] as Record<string, unknown>).modelId = 'model-3';
    const cases = {
      'late-entry.json': text(late),
      'late-duplicate.json': text(duplicate),
      'late-syntax.json': text(entries).replace(/}\s*]\s*}\s*$/, '}, ]}'),
      'truncated.json': text(entries).slice(0, -1000),
    };
    for (const [name, content] of Object.entries(cases)) {
      const path = write(name, content);
      let expected: unknown;
      try {
        parseExportFile(content, path);
      } catch (error) {
        expected = error;
      }
      expect(expected, name).toBeDefined();
      await expect(readExportFile(path), name).rejects.toThrow((expected as Error).message);
    }
    await expect(readExportFile(join(dir, 'late-entry.json'))).rejects.toThrow(
      /\n {2}- models\[4999\]\.status:/,
    );
    await expect(readExportFile(join(dir, 'late-duplicate.json'))).rejects.toThrow(
      /\n {2}- models\[4998\]\.modelId: mistral\/model-3 is listed twice \(also at models\[3\]\)$/,
    );
  });

  it('a missing file cannot be read', async () => {
    await expect(readExportFile(join(dir, 'missing.json'))).rejects.toThrow(
      /^cannot read .*missing\.json: ENOENT/,
    );
  });
});
