// Deprecation, said early (issue 15): the window rule, the default handed to the replacement through the change
// pipeline, and the consumer API's Deprecation / Sunset / Link headers, read by fetch, the OpenAI SDK and curl.
import { execFile } from 'node:child_process';
import { asc, eq, inArray } from 'drizzle-orm';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import modelDefaults from '../config/model-defaults';
import type { Database } from '../db/client';
import { modelEvents, models } from '../db/schema';
import { getModelResponse, listModelsResponse } from '../lib/api/models';
import { RegistryError } from '../lib/registry/errors';
import {
  defaultReplacementOffers,
  deprecationState,
  deprecationWarningDays,
  flaggedDeprecations,
  moveDefaultToReplacement,
} from '../lib/registry/lifecycle/deprecation';
import { deprecationHeaders } from '../lib/registry/reads/consumer';
import { engine } from './support/db';
import { type Served, serveHandler } from './support/handler-server';
import { checkedAgainstOpenApi } from './support/openapi';
import { seededRegistry } from './support/seeded-registry';

const registry = seededRegistry(modelDefaults);
/** The real curl binary, run asynchronously: the server under test answers in this very process. */
function curl(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('curl', ['-sS', '-m', '20', ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number')
        return resolve({ code: -1, stdout, stderr: `curl could not run: ${error.message}` });
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}
let served: Served;

const deps = { db: async (): Promise<Database> => registry.handle.db };
// Every answer is held against the published OpenAPI document.
const documented = checkedAgainstOpenApi((request) => {
  const path = new URL(request.url).pathname;
  if (path === '/api/v1/models') return listModelsResponse(request, deps);
  return getModelResponse(request, decodeURIComponent(path.slice('/api/v1/models/'.length)), deps);
});

beforeAll(async () => {
  served = await serveHandler(documented);
});
afterAll(async () => {
  await served?.close();
});

const db = () => registry.handle.db;
const rowOf = async (modelId: string) => {
  const [row] = await db().select().from(models).where(eq(models.modelId, modelId));
  if (!row) throw new Error(modelId);
  return row;
};
/** Arrange: `modelId` is the only default chat model, active, and the listed models active too. */
async function arrangeDefault(modelId: string, active: string[] = []) {
  await db().update(models).set({ isDefault: false });
  await db()
    .update(models)
    .set({ status: 'active' })
    .where(inArray(models.modelId, [modelId, ...active]));
  await db().update(models).set({ isDefault: true }).where(eq(models.modelId, modelId));
  return rowOf(modelId);
}

describe('the window rule', () => {
  it('reads DEPRECATION_WARNING_DAYS: default 30, whole days 0..3650, anything else refused naming it', () => {
    expect(deprecationWarningDays({})).toBe(30);
    expect(deprecationWarningDays({ DEPRECATION_WARNING_DAYS: '' })).toBe(30);
    expect(deprecationWarningDays({ DEPRECATION_WARNING_DAYS: ' 7 ' })).toBe(7);
    expect(deprecationWarningDays({ DEPRECATION_WARNING_DAYS: '0' })).toBe(0);
    expect(deprecationWarningDays({ DEPRECATION_WARNING_DAYS: '3650' })).toBe(3650);
    for (const bad of ['-1', '1.5', 'thirty', '3651', '1e3', '0x10']) {
      expect(() => deprecationWarningDays({ DEPRECATION_WARNING_DAYS: bad })).toThrow(
        expect.objectContaining({
          kind: 'config',
          message: expect.stringContaining('DEPRECATION_WARNING_DAYS'),
        }),
      );
    }
  });

  it('says past once the date has come, upcoming within the window, none otherwise', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const at = (iso: string) => new Date(iso);
    expect(deprecationState(null, now, 30)).toBe('none');
    expect(deprecationState(now, now, 30)).toBe('past');
    expect(deprecationState(at('2025-12-01T00:00:00Z'), now, 30)).toBe('past');
    expect(deprecationState(at('2026-01-31T00:00:00Z'), now, 30)).toBe('upcoming');
    expect(deprecationState(at('2026-01-31T00:00:01Z'), now, 30)).toBe('none');
    expect(deprecationState(at('2026-01-01T00:00:01Z'), now, 0)).toBe('none');
  });

  it('flags the offered models deprecated within the window or past it, with their replacements', async () => {
    await db()
      .update(models)
      .set({ status: 'active' })
      .where(inArray(models.modelId, ['ministral-8b-2410', 'mistral-ocr-2503', 'pixtral-12b-2409']));
    await db().update(models).set({ retiredAt: new Date() }).where(eq(models.modelId, 'pixtral-12b-2409'));
    const now = new Date('2026-01-15T00:00:00Z');
    const flagged = await flaggedDeprecations(db(), now, 30);
    const summary = flagged.map((m) => [m.apiId, m.state, m.replacement]);
    expect(summary).toContainEqual(['ministral-8b-2410', 'past', 'ministral-8b-latest']);
    expect(summary).toContainEqual(['mistral-tiny', 'upcoming', 'ministral-8b-latest']);
    // Out of the window (March), inactive, or retired: not flagged.
    const ids = flagged.map((m) => m.apiId);
    expect(ids).not.toContain('mistral-ocr-2503');
    expect(ids).not.toContain('mistral-small-2501');
    expect(ids).not.toContain('pixtral-12b-2409');
    expect((await flaggedDeprecations(db(), now, 90)).map((m) => m.apiId)).toContain('mistral-ocr-2503');
  });
});

describe(`the default handed to the replacement on ${engine}`, () => {
  it('is offered only while the replacement is offered, of the same type', async () => {
    const old = await arrangeDefault('open-mistral-7b', ['ministral-8b-latest']);
    expect(await defaultReplacementOffers(db())).toEqual(new Map([[old.id, 'ministral-8b-latest']]));
    await db().update(models).set({ status: 'inactive' }).where(eq(models.modelId, 'ministral-8b-latest'));
    expect((await defaultReplacementOffers(db())).size).toBe(0);
  });

  it('moves the default in one change, one audit event per changed model', async () => {
    const old = await arrangeDefault('open-mistral-7b', ['ministral-8b-latest']);
    const before = await rowOf('ministral-8b-latest');
    const moved = await moveDefaultToReplacement(
      db(),
      modelDefaults,
      { id: old.id, version: old.version },
      'admin:ada@example.com',
    );
    expect(moved).toEqual({ from: 'open-mistral-7b', to: 'ministral-8b-latest', type: old.type });
    expect((await rowOf('ministral-8b-latest')).isDefault).toBe(true);
    expect((await rowOf('ministral-8b-latest')).version).toBe(before.version + 1);
    expect((await rowOf('open-mistral-7b')).isDefault).toBe(false);
    const events = await db()
      .select()
      .from(modelEvents)
      .where(eq(modelEvents.actor, 'admin:ada@example.com'))
      .orderBy(asc(modelEvents.modelId));
    expect(events.map((e) => [e.modelId, e.before?.isDefault, e.after?.isDefault])).toEqual([
      ['ministral-8b-latest', false, true],
      ['open-mistral-7b', true, false],
    ]);
  });

  it('refuses, changing nothing, when the replacement is not offered, the model is no longer default, or stale', async () => {
    const old = await arrangeDefault('open-mistral-7b');
    await db().update(models).set({ status: 'inactive' }).where(eq(models.modelId, 'ministral-8b-latest'));
    const move = (id: number, version: number) =>
      moveDefaultToReplacement(db(), modelDefaults, { id, version }, 'admin:ada@example.com');
    await expect(move(old.id, old.version)).rejects.toThrow(
      /ministral-8b-latest, the replacement of open-mistral-7b, is not offered \(inactive\)/,
    );
    await db().update(models).set({ status: 'active' }).where(eq(models.modelId, 'ministral-8b-latest'));
    await expect(move(old.id, old.version - 1)).rejects.toMatchObject({ kind: 'conflict' });

    await db().update(models).set({ isDefault: false }).where(eq(models.modelId, 'open-mistral-7b'));
    await expect(move(old.id, old.version)).rejects.toThrow(/open-mistral-7b is no longer the default/);
    const large = await rowOf('mistral-large-latest');
    await expect(move(large.id, large.version)).rejects.toBeInstanceOf(RegistryError);

    expect((await rowOf('ministral-8b-latest')).isDefault).toBe(false);
    const events = await db()
      .select()
      .from(modelEvents)
      .where(eq(modelEvents.actor, 'admin:ada@example.com'));
    expect(events).toEqual([]);
  });
});

describe(`the consumer API's deprecation headers on ${engine}`, () => {
  const url = (id: string) => `${served.url}/api/v1/models/${id}`;

  it('sends Deprecation, Sunset and a successor-version Link for a deprecated model, nothing for others', async () => {
    await db().update(models).set({ status: 'active' }).where(eq(models.modelId, 'open-mistral-7b'));
    const deprecated = await fetch(url('open-mistral-7b'));
    expect(deprecated.status).toBe(200);
    const at = new Date('2026-01-31T12:00:00Z');
    expect(deprecated.headers.get('deprecation')).toBe(`@${at.getTime() / 1000}`);
    expect(deprecated.headers.get('sunset')).toBe('Sat, 31 Jan 2026 12:00:00 GMT');
    expect(deprecated.headers.get('link')).toBe(
      `<${served.url}/api/v1/models/ministral-8b-latest>; rel="successor-version"`,
    );
    expect((await deprecated.json()).deprecation).toEqual({
      date: at.toISOString(),
      replacement: 'ministral-8b-latest',
    });

    const current = await fetch(url('mistral-large-latest'));
    expect(current.status).toBe(200);
    for (const name of ['deprecation', 'sunset', 'link']) expect(current.headers.get(name)).toBeNull();

    // No replacement named: the dates, no Link.
    await db()
      .update(models)
      .set({ deprecationReplacement: null })
      .where(eq(models.modelId, 'open-mistral-7b'));
    const orphan = await fetch(url('open-mistral-7b'));
    expect(orphan.headers.get('deprecation')).toBe(`@${at.getTime() / 1000}`);
    expect(orphan.headers.get('link')).toBeNull();
  });

  it("percent-encodes a qualified replacement id in the Link (another provider's models)", () => {
    const headers = deprecationHeaders(
      {
        id: 'openai/gpt-4',
        deprecation: { date: '2026-06-01T00:00:00.000Z', replacement: 'openai/gpt-4.1' },
      } as Parameters<typeof deprecationHeaders>[0],
      'https://registry.example',
    );
    expect(headers).toEqual({
      Deprecation: `@${Date.parse('2026-06-01T00:00:00Z') / 1000}`,
      Sunset: 'Mon, 01 Jun 2026 00:00:00 GMT',
      Link: '<https://registry.example/api/v1/models/openai%2Fgpt-4.1>; rel="successor-version"',
    });
  });

  it('reaches an OpenAI SDK client, and the list still answers 304 to its ETag', async () => {
    await db().update(models).set({ status: 'active' }).where(eq(models.modelId, 'open-mistral-7b'));
    const client = new OpenAI({ baseURL: `${served.url}/api/v1`, apiKey: 'unused', maxRetries: 0 });
    const { data, response } = await client.models.retrieve('open-mistral-7b').withResponse();
    expect(data.id).toBe('open-mistral-7b');
    expect(response.headers.get('deprecation')).toMatch(/^@\d+$/);
    expect(response.headers.get('sunset')).toBe('Sat, 31 Jan 2026 12:00:00 GMT');
    expect(response.headers.get('link')).toContain(
      '/api/v1/models/ministral-8b-latest>; rel="successor-version"',
    );

    const first = await fetch(`${served.url}/api/v1/models`);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).not.toBe('');
    const again = await fetch(`${served.url}/api/v1/models`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('reaches curl', async () => {
    await db().update(models).set({ status: 'active' }).where(eq(models.modelId, 'open-mistral-7b'));
    const headers = await curl(['-D', '-', '-o', '/dev/null', url('open-mistral-7b')]);
    expect(headers.code, headers.stderr).toBe(0);
    expect(headers.stdout).toMatch(/^HTTP\/1\.1 200/);
    expect(headers.stdout).toMatch(/^deprecation: @1769860800\r?$/im);
    expect(headers.stdout).toMatch(/^sunset: Sat, 31 Jan 2026 12:00:00 GMT\r?$/im);
    expect(headers.stdout).toMatch(
      /^link: <http:\/\/127\.0\.0\.1:\d+\/api\/v1\/models\/ministral-8b-latest>; rel="successor-version"\r?$/im,
    );
    const plain = await curl(['-D', '-', '-o', '/dev/null', url('mistral-large-latest')]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toMatch(/^(deprecation|sunset|link):/im);
  });
});
