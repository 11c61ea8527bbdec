// P12: a sync of six providers as the shipped command (`node dist/cli/models-seed.mjs`, a whole process), each
// provider a local HTTP server answering its list after its own delay, one of them after 5 s. Providers sync
// concurrently, so the wall time should be about the slowest provider's delay, not the sum of the delays.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { syntheticCatalog } from '../test/support/synthetic-catalog';
import { measuredProcess } from './process';

export type ListServer = { url: string; close(): Promise<void> };

/** Answers GET `path` with `body` after `delayMs`; anything else is a 404. */
export async function listServer(path: string, body: unknown, delayMs: number): Promise<ListServer> {
  const text = JSON.stringify(body);
  const server: Server = createServer((req, res) => {
    const answer = () => {
      if (req.method !== 'GET' || req.url !== path) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      } else res.writeHead(200, { 'content-type': 'application/json' }).end(text);
    };
    setTimeout(answer, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An OpenAI-compatible /models answer of `count` cards. */
function openAiList(prefix: string, count: number) {
  return {
    object: 'list',
    data: Array.from({ length: count }, (_, i) => ({
      id: `${prefix}-model-${i}`,
      object: 'model',
      created: 1_730_000_000 + i,
      owned_by: prefix,
    })),
  };
}

export const MULTI_PROVIDER = {
  providers: 6,
  cardsEach: 300,
  /**
   * Mistral's delay first, then the five OpenAI-compatible servers'. One answers after 5 s; the others are slow too,
   * so one after the other would take the sum (15 s), far from the target (the slowest + 1 s).
   */
  delaysMs: [1_000, 5_000, 1_500, 2_000, 2_500, 3_000],
};

/**
 * Times `runs` syncs of all six providers into the database at `databaseUrl`, emptied before each by `reset`.
 * Every run must apply all six providers; anything else stops the bench.
 */
export async function benchMultiProviderSync(options: {
  databaseUrl: string;
  runs: number;
  warmups: number;
  reset: () => Promise<unknown>;
}): Promise<number[]> {
  const { cardsEach, delaysMs } = MULTI_PROVIDER;
  const [mistralDelay, ...declaredDelays] = delaysMs as [number, ...number[]];
  const servers: ListServer[] = [];
  const dir = mkdtempSync(join(os.tmpdir(), 'mr-bench-p12-'));
  try {
    const mistral = await listServer('/v1/models', syntheticCatalog(cardsEach), mistralDelay);
    servers.push(mistral);
    const declared = [];
    for (const [i, delay] of declaredDelays.entries()) {
      const id = `bench${i + 1}`;
      const server = await listServer('/v1/models', openAiList(id, cardsEach), delay);
      servers.push(server);
      declared.push({ id, kind: 'openai-compatible', name: `Bench ${i + 1}`, baseUrl: `${server.url}/v1` });
    }
    const providersPath = join(dir, 'providers.json');
    writeFileSync(providersPath, JSON.stringify({ providers: declared }));

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      MISTRAL_API_KEY: 'bench-key',
      MISTRAL_API_URL: mistral.url,
      PROVIDERS_PATH: providersPath,
    };
    delete env.PGLITE_DIR;
    delete env.MODEL_DEFAULTS_PATH;
    const once = async () => {
      await options.reset();
      const { ms, stdout } = await measuredProcess(['dist/cli/models-seed.mjs', '--json'], env);
      const result = JSON.parse(stdout) as {
        ok: boolean;
        providers: { provider: string; outcome: string }[];
      };
      const applied = result.providers.filter((p) => p.outcome === 'applied').length;
      if (!result.ok || applied !== MULTI_PROVIDER.providers) {
        throw new Error(`P12: expected ${MULTI_PROVIDER.providers} providers applied, got ${stdout}`);
      }
      return ms;
    };
    for (let i = 0; i < options.warmups; i++) await once();
    const times: number[] = [];
    for (let i = 0; i < options.runs; i++) times.push(await once());
    return times;
  } finally {
    await Promise.all(servers.map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  }
}
