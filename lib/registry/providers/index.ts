// Where a seed's catalog comes from: the live API, the bundled offline catalog, or an operator's file.
import { readFile } from 'node:fs/promises';
import { RegistryError } from '../errors';
import type { Env, FetchCatalogOptions, ProviderCatalog } from '../types';
import { mistralProviderFromEnv } from './mistral';
import bundledCatalog from './mistral-catalog.json';
import { normalizeMistralModelList } from './mistral-normalize';

export type CatalogSourceName = 'api' | 'catalog' | (string & {});

export function defaultCatalogSource(env: Env): 'api' | 'catalog' {
  return env.MISTRAL_API_KEY?.trim() ? 'api' : 'catalog';
}

export async function loadCatalog(
  options: { source: CatalogSourceName; env?: Env } & FetchCatalogOptions,
): Promise<ProviderCatalog> {
  const source = options.source.trim();
  if (source === 'api') {
    return mistralProviderFromEnv(options.env ?? process.env).fetchCatalog(options);
  }
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
