// Issue 17's figures past 10,000 models: what a registry of 100,000 costs its admins and its deploys.
//   P8  — a bulk status edit of every model matching a filter (100,000) with its audit events, through the server
//         action's registry call; the statements it sends are counted at two sizes (they must not grow); beside
//         its floor, the same rows written by hand in two statements.
//   P9  — `models:import` of an export holding 100,000 models, the shipped command as a whole process.
//   P10 — `models:seed` of 50,000 new cards from the provider's HTTP answer, the shipped command as a whole process.
// A whole process's peak memory comes from the process itself (report-rss.cjs, getrusage's maxrss).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import modelDefaults from '../config/model-defaults';
import { type DbHandle, openDatabase } from '../db/client';
import { applyBulkEdit } from '../lib/registry/changes/bulk-edit';
import { syntheticCatalog } from '../test/support/synthetic-catalog';
import { type Stats, stats } from './http';
import { listServer } from './multi-provider';
import { measuredProcess } from './process';

const config = { ...modelDefaults, alwaysActive: [], alwaysInactive: [] };

/** The environment a shipped command runs in against `databaseUrl`, with nothing of this shell's registry setup. */
function commandEnv(databaseUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, ...extra };
  for (const key of ['PGLITE_DIR', 'MODEL_DEFAULTS_PATH', 'PROVIDERS_PATH', 'NOTIFY_WEBHOOK_URL']) {
    if (!(key in extra)) delete env[key];
  }
  return env;
}

/** Every model as `status`, set by an admin in one bulk edit (the bench's own setup, not timed). */
export async function setAll(handle: DbHandle, status: 'active' | 'inactive'): Promise<number> {
  const { changed } = await applyBulkEdit(handle.db, config, {
    target: { kind: 'filter', filter: {} },
    changes: { status },
    actor: 'admin:bench@bench.test',
  });
  return changed;
}

/**
 * P8: a bulk edit of all `count` models (by filter: every model), flipping their status each run, timed; and how many
 * statements one apply sends, at `count` and at `small` models (the same count at both, or the batching broke).
 */
export async function benchBulkByFilter(options: {
  url: string;
  count: number;
  small: number;
  runs: number;
  seedModels: (handle: DbHandle, count: number) => Promise<unknown>;
  reset: (handle: DbHandle) => Promise<unknown>;
}): Promise<{ ms: Stats; floorMs: Stats; statements: { small: number; large: number } }> {
  let counting = false;
  let statements = 0;
  const handle = await openDatabase({
    env: { DATABASE_URL: options.url },
    maxConnections: 2,
    logger: { logQuery: () => void (counting && statements++) },
  });
  try {
    const countOne = async (n: number) => {
      await options.reset(handle);
      await options.seedModels(handle, n);
      statements = 0;
      counting = true;
      const changed = await setAll(handle, 'active');
      counting = false;
      if (changed !== n) throw new Error(`P8 changed ${changed} of ${n} models`);
      return statements;
    };
    const small = await countOne(options.small);
    const large = await countOne(options.count);
    // The floor: the same rows written by hand, the way the edit writes them at its least (one UPDATE of every
    // model's status and one INSERT of an audit event each, tagged like the edit's, in one transaction), nothing
    // read or planned first. Run by run after ours, so both meet the table and the log at the same size.
    const floor = postgres(options.url, { max: 1, onnotice: () => {} });
    const byHand = (status: 'active' | 'inactive') =>
      floor.begin(async (tx) => {
        const was = status === 'active' ? 'inactive' : 'active';
        await tx`update models set status = ${status}, status_source = 'admin', status_set_by = 'admin:floor',
                 status_set_at = now(), version = version + 1, updated_at = now()`;
        await tx`insert into model_events (model_pk, provider, model_id, actor, action, before, after)
                 select id, provider, model_id, 'admin:floor', 'status_changed',
                        jsonb_build_object('status', ${was}::text, 'statusSource', 'admin', 'statusSetBy', 'admin:floor'),
                        jsonb_build_object('bulkEdit', ${randomUUID()}::text, 'status', ${status}::text,
                                           'statusSource', 'admin', 'statusSetBy', 'admin:floor')
                 from models`;
      });
    let status: 'active' | 'inactive' = 'active';
    const times: number[] = [];
    const floorTimes: number[] = [];
    try {
      for (let i = 0; i < options.runs + 1; i++) {
        status = status === 'active' ? 'inactive' : 'active';
        let started = performance.now();
        const changed = await setAll(handle, status);
        const elapsed = performance.now() - started;
        if (changed !== options.count) throw new Error(`P8 changed ${changed}, expected ${options.count}`);
        status = status === 'active' ? 'inactive' : 'active';
        started = performance.now();
        await byHand(status);
        const byHandMs = performance.now() - started;
        // The first of each is a warm-up.
        if (i > 0) {
          times.push(elapsed);
          floorTimes.push(byHandMs);
        }
      }
    } finally {
      await floor.end();
    }
    return { ms: stats(times), floorMs: stats(floorTimes), statements: { small, large } };
  } finally {
    await handle.close();
  }
}

/**
 * P9: an export of `count` models whose statuses an admin set (active), imported by the shipped command into the
 * same registry after an admin set them all back (inactive): every entry changes a model. Each run starts from there.
 */
export async function benchImport(options: {
  handle: DbHandle;
  url: string;
  count: number;
  runs: number;
}): Promise<{ ms: Stats; peakRssMiB: Stats; fileMiB: number }> {
  const { handle, url, count } = options;
  const env = commandEnv(url);
  const dir = mkdtempSync(join(os.tmpdir(), 'mr-bench-p9-'));
  try {
    const file = join(dir, 'export.json');
    await setAll(handle, 'active');
    await measuredProcess(['dist/cli/models-export.mjs', '--out', file], env);
    const fileMiB = Math.round((readFileSync(file).length / 1024 / 1024) * 10) / 10;
    const times: number[] = [];
    const peaks: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      await setAll(handle, 'inactive');
      const run = await measuredProcess(['dist/cli/models-import.mjs', file, '--json'], env);
      const report = JSON.parse(run.stdout) as { changed: number };
      if (report.changed !== count) throw new Error(`P9: the import changed ${report.changed} of ${count}`);
      times.push(run.ms);
      peaks.push(run.peakRssMiB);
    }
    return { ms: stats(times), peakRssMiB: stats(peaks), fileMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** P10: `models:seed` of `count` new Mistral cards from a local server answering like Mistral's GET /v1/models. */
export async function benchSeedProcess(options: {
  url: string;
  count: number;
  runs: number;
  reset: () => Promise<unknown>;
}): Promise<{ ms: Stats; peakRssMiB: Stats }> {
  const server = await listServer('/v1/models', syntheticCatalog(options.count), 0);
  try {
    const env = commandEnv(options.url, { MISTRAL_API_KEY: 'bench-key', MISTRAL_API_URL: server.url });
    const once = async () => {
      await options.reset();
      const run = await measuredProcess(
        ['dist/cli/models-seed.mjs', '--provider', 'mistral', '--source', 'api', '--json'],
        env,
      );
      const result = JSON.parse(run.stdout) as { ok: boolean; providers: { added: number }[] };
      const added = result.providers[0]?.added ?? 0;
      if (!result.ok || added < options.count)
        throw new Error(`P10: the seed added ${added} of ${options.count}`);
      return run;
    };
    await once();
    const runs = [];
    for (let i = 0; i < options.runs; i++) runs.push(await once());
    return { ms: stats(runs.map((r) => r.ms)), peakRssMiB: stats(runs.map((r) => r.peakRssMiB)) };
  } finally {
    await server.close();
  }
}
