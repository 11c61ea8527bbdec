// Mistral's offline sources: the bundled catalog, or an operator's saved /v1/models answer. (Live APIs are read by
// each provider's adapter; registry.ts says which are configured.)
import { readFile } from 'node:fs/promises';
import { RegistryError } from '../errors';
import type { ProviderCatalog } from '../types';
import bundledCatalog from './mistral-catalog.json';
import { normalizeMistralModelList } from './mistral-normalize';

/** `catalog` (the bundled answer) or the path of a saved answer. */
export async function loadCatalog(options: { source: 'catalog' | (string & {}) }): Promise<ProviderCatalog> {
  const source = options.source.trim();
  if (source === 'catalog') {
    return normalizeMistralModelList(
      bundledCatalog,
      { kind: 'catalog' },
      { kind: 'input', origin: 'the bundled catalog' },
    );
  }
  if (!source) throw new RegistryError('usage', '--source takes api, catalog or the path of a JSON file.');
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RegistryError(
      'input',
      `The catalog file ${source} cannot be read (${code ?? String(error)}). --source takes api, catalog or the path of a saved /v1/models response.`,
      { cause: error },
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw new RegistryError(
      'input',
      `The catalog file ${source} is not valid JSON (${(error as Error).message}). Nothing was changed.`,
      {
        cause: error,
      },
    );
  }
  return normalizeMistralModelList(
    body,
    { kind: 'file', path: source },
    { kind: 'input', origin: `The catalog file ${source}` },
  );
}
