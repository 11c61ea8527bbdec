// P5 and P6: what people and services feel over HTTP, against the production server (`npm start`).
//   P5 — the Model Management page with 10,000 models (and 100,000 in the full run): time to first byte, signed in,
//        for a filter and a page (as an admin and as a viewer), a sort by a column, the last page and grouped ids.
//   P6 — GET /api/v1/models requests/s with 32 connections, beside a bare node:http + postgres.js server that
//        returns the same JSON from the same database on the same machine.
//   P13 — the same list with a team key (1,000 keys, 200 teams, 50 access groups), beside the list without one
//        in the same run.
// The database is a fresh one on the Postgres server, dropped afterwards; no server is left running.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { encode } from 'next-auth/jwt';
import postgres from 'postgres';
import { openDatabase } from '../db/client';
import { loadAccessDeclarations } from '../lib/registry/access/declared';
import { createKey } from '../lib/registry/access/keys';
import { freePort, startNextServer } from '../test/support/next-server';
import { syntheticCatalog } from '../test/support/synthetic-catalog';

export type Stats = { min: number; median: number; max: number; runs: number };

export function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b);
  const median =
    sorted.length % 2
      ? (sorted[(sorted.length - 1) / 2] as number)
      : ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
  return { min: sorted[0] ?? 0, median, max: sorted.at(-1) ?? 0, runs: sorted.length };
}

/** Peak resident memory (KiB) of the biggest process in a process group: next's server. */
function peakRssKib(pgid: number): number {
  let peak = 0;
  const pids = execFileSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' })
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      peak = Math.max(peak, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
    } catch {}
  }
  return peak;
}

async function throughput(
  url: string,
  seconds: number,
  headers: Record<string, string> = {},
): Promise<number> {
  const result = await autocannon({ url, connections: 32, duration: seconds, headers });
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load`);
  return result.requests.average;
}

/**
 * The model whose dated id alone a search for `-377-2501` finds among the active ones: prepareRegistry activates it
 * (its `-latest` twin names it as an alias, so the search finds both, and the status filter keeps one). Group 377
 * exists at every size the bench uses (1,000 models are groups 0–499); the hyphen keeps 1377 out.
 */
const ONE_MODEL = '-377-2501';

/**
 * The Model Management page's views P5 times: what admins do all day, searches as selective as people type them
 * (about one model in ten, one in a thousand, exactly one; each with a filter), and the costliest pages (the last).
 * `matches` is what the page must say it found ("1–50 of N"): exact where the synthetic catalog decides it.
 */
export const PAGE_CASES = [
  { name: 'filter + page', role: 'admin', query: 'q=synth&type=chat&status=inactive&page=3&perPage=50' },
  {
    name: 'filter + page, viewer',
    role: 'viewer',
    query: 'q=synth&type=chat&status=inactive&page=3&perPage=50',
  },
  // Groups ending in 9: their dated ids and -latest aliases, one model in ten.
  { name: 'search 1 in 10 + status', role: 'admin', query: 'q=9-l&status=inactive&perPage=50' },
  { name: 'search 1 in 1,000 + provider', role: 'admin', query: 'q=123-l&provider=mistral&perPage=50' },
  { name: 'search one model + status', role: 'admin', query: `q=${ONE_MODEL}&status=active&perPage=50` },
  { name: 'sorted by price, descending', role: 'admin', query: 'sort=price&dir=desc&perPage=50' },
  // A page past the end shows the last one (reads/models-page.ts clamps it): the deepest OFFSET.
  { name: 'last page', role: 'admin', query: 'sort=context&page=100000&perPage=50' },
  { name: 'grouped ids', role: 'admin', query: 'group=yes&sort=name&page=2&perPage=50' },
] as const;
export type PageCase = (typeof PAGE_CASES)[number]['name'];

/** How many models a page says it found ("1–50 of 10,000" → 10,000; "No models" → 0). */
function foundOf(body: string): number {
  const match = /[\d,]+–[\d,]+ of ([\d,]+)</.exec(body);
  return match ? Number((match[1] as string).replaceAll(',', '')) : 0;
}

/** One page view: time to first byte and to the last, its size as sent (uncompressed), what it says it found. */
async function loadPage(url: string, token: string, what: string) {
  const started = performance.now();
  const response = await fetch(url, {
    headers: { Cookie: `authjs.session-token=${token}` },
    redirect: 'manual',
  });
  const ttfb = performance.now() - started;
  const body = await response.text();
  const total = performance.now() - started;
  if (response.status !== 200 || !body.includes('Model Management'))
    throw new Error(`${what}: the page answered ${response.status}, not the Model Management page`);
  return { ttfb, total, bytes: Buffer.byteLength(body), found: foundOf(body), body };
}

export type PageFigures = {
  models: number;
  /** Time to the last byte, the figure P5 judges. */
  totalMs: Record<PageCase, Stats>;
  ttfbMs: Record<PageCase, Stats>;
  /** The HTML document as sent (with its RSC payload inline), uncompressed, and what each view found. */
  bytes: Record<PageCase, number>;
  found: Record<PageCase, number>;
  peakRssMiB: number;
};

/**
 * P7: `viewers` signed-in viewers loading the page at once, `rounds` times (each round a search no round before
 * asked); each round's p95 and the server's peak; the same crowd on a static file of the page's size (the floor).
 */
export type CrowdFigures = {
  viewers: number;
  p95Ms: Stats;
  allMs: Stats;
  peakRssMiB: number;
  staticP95Ms: Stats;
  pageBytes: number;
};

/** The p-th percentile (nearest rank) of `values`. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

export type HttpFigures = {
  models: number;
  activeModels: number;
  p5: PageFigures;
  p6Rps: Stats;
  p6BaselineRps: Stats;
  p7?: CrowdFigures;
  p13?: TeamKeyFigures;
};

/**
 * P13's access: 50 groups by id pattern (every fifth by type too) and 200 teams of three groups each. Group k takes
 * the synthetic models whose group number ends in k's digits; team t is granted groups t, 7t and 13t (mod 50).
 */
const ACCESS = {
  groups: Array.from({ length: 50 }, (_, k) => ({
    slug: `g${k}`,
    name: `Group ${k}`,
    match: {
      ids: [`synth-*-*${k}-latest`, `synth-*-*${k}-2501`],
      ...(k % 5 === 0 ? { types: ['chat'] } : {}),
    },
  })),
  teams: Array.from({ length: 200 }, (_, t) => ({
    slug: `t${t}`,
    name: `Team ${t}`,
    groups: [...new Set([t % 50, (7 * t) % 50, (13 * t) % 50])].map((k) => `g${k}`),
  })),
};

/** P13: 1,000 team keys (five per team) made the way keys:create makes them, and one platform key. */
async function createKeys(env: NodeJS.ProcessEnv): Promise<{ team: string; platform: string }> {
  const handle = await openDatabase({ env });
  try {
    const declared = loadAccessDeclarations(env);
    let team = '';
    for (let i = 0; i < 1_000; i++) {
      const { key } = await createKey(handle.db, declared, {
        name: `bench ${i}`,
        kind: 'team',
        team: `t${i % 200}`,
        actor: 'bench',
      });
      if (i === 0) team = key;
    }
    const { key: platform } = await createKey(handle.db, declared, {
      name: 'bench platform',
      kind: 'platform',
      actor: 'bench',
    });
    return { team, platform };
  } finally {
    await handle.close();
  }
}

/**
 * P13 beside its own baseline: the list without a key, with team t0's key, and with a platform key (the same
 * body as without a key: what a key itself costs), alternated run by run on one server (this machine's speed
 * moves between runs). The team key's answer must be the team's list, smaller than the whole.
 */
async function teamKeyThroughput(
  api: string,
  env: NodeJS.ProcessEnv,
  seconds: number,
  runs: number,
): Promise<{ keyRps: Stats; openRps: Stats; platformRps: Stats; teamModels: number; offered: number }> {
  const keys = await createKeys(env);
  const teamHeaders = { authorization: `Bearer ${keys.team}` };
  const platformHeaders = { authorization: `Bearer ${keys.platform}` };
  const all = (await (await fetch(api)).json()) as { data: { id: string }[] };
  const team = (await (await fetch(api, { headers: teamHeaders })).json()) as { data: { id: string }[] };
  if (!(team.data.length > 0 && team.data.length < all.data.length))
    throw new Error(`P13: team t0 sees ${team.data.length} of ${all.data.length} offered models`);
  await throughput(api, 1, teamHeaders);
  await throughput(api, 1, platformHeaders);
  const keyed: number[] = [];
  const open: number[] = [];
  const platform: number[] = [];
  for (let i = 0; i < runs; i++) {
    open.push(await throughput(api, seconds));
    keyed.push(await throughput(api, seconds, teamHeaders));
    platform.push(await throughput(api, seconds, platformHeaders));
  }
  return {
    keyRps: stats(keyed),
    openRps: stats(open),
    platformRps: stats(platform),
    teamModels: team.data.length,
    offered: all.data.length,
  };
}

export type TeamKeyFigures = {
  models: number;
  keyRps: Stats;
  openRps: Stats;
  platformRps: Stats;
  teamModels: number;
  offered: number;
};

/** A fresh database on the Postgres server holding `models` synthetic models, an admin and a viewer with sessions. */
async function prepareRegistry(adminUrl: string, models: number) {
  const name = `mr_bench_http_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  const secret = randomBytes(32).toString('base64url');
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: secret };
  for (const key of ['PGLITE_DIR', 'MISTRAL_API_KEY', 'MODEL_DEFAULTS_PATH', 'REGISTRY_API_TOKEN'])
    delete env[key];
  const catalogFile = join(tmpdir(), `${name}.json`);
  const accessFile = join(tmpdir(), `${name}-access.json`);
  writeFileSync(accessFile, JSON.stringify(ACCESS));
  env.ACCESS_PATH = accessFile;
  const drop = async () => {
    rmSync(catalogFile, { force: true });
    rmSync(accessFile, { force: true });
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  };
  try {
    writeFileSync(catalogFile, JSON.stringify(syntheticCatalog(models)));
    execFileSync(process.execPath, ['dist/cli/models-deploy.mjs', '--source', catalogFile], {
      env,
      stdio: 'ignore',
    });
    // P5's "exactly one model" search: the one active model whose ids hold ONE_MODEL.
    const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    await db`update models set status = 'active' where model_id like ${`%${ONE_MODEL}`}`;
    await db.end();
    const tokens = {} as Record<'admin' | 'viewer', string>;
    for (const role of ['admin', 'viewer'] as const) {
      execFileSync(
        process.execPath,
        ['dist/cli/admin-create.mjs', '--email', `bench-${role}@bench.test`, '--role', role],
        { env, input: 'bench-password-123\n', stdio: ['pipe', 'ignore', 'inherit'] },
      );
      const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
      const [user] = await db<
        { id: number }[]
      >`select id from users where email = ${`bench-${role}@bench.test`}`;
      // The server-side session row a real sign-in opens (lib/auth/sessions.ts), named by the token.
      const sid = randomBytes(32).toString('base64url');
      await db`insert into sessions (id, user_id) values (${sid}, ${user?.id ?? 0})`;
      await db.end();
      tokens[role] = await encode({
        token: { sub: String(user?.id), role, sid, signedInAt: Math.floor(Date.now() / 1000) },
        secret,
        salt: 'authjs.session-token',
        maxAge: 3600,
      });
    }
    return { databaseUrl, env, tokens, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/**
 * A consumer list of realistic size: one model in twenty offered (the first by id), besides P5's one. Returns how
 * many are offered.
 */
async function offerSome(databaseUrl: string, models: number): Promise<number> {
  const db = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await db`update models set status = 'active' where id in (select id from models order by id limit ${Math.round(models / 20)})`;
  const [row] = await db<{ n: number }[]>`select count(*)::int as n from models where status = 'active'`;
  await db.end();
  return row?.n ?? 0;
}

/** P5: each page view timed to its first and last byte after warm-up, its size, and the server's peak memory. */
async function timePages(
  server: { url: string; pgid: number },
  tokens: Record<'admin' | 'viewer', string>,
  models: number,
  runs: number,
): Promise<PageFigures> {
  const figures = { totalMs: {}, ttfbMs: {}, bytes: {}, found: {} } as Omit<
    PageFigures,
    'models' | 'peakRssMiB'
  >;
  for (const view of PAGE_CASES) {
    const page = `${server.url}/admin/models?${view.query}`;
    const once = async () => {
      const loaded = await loadPage(page, tokens[view.role], `P5 (${view.name})`);
      if (view.name === 'last page' && loaded.found !== models)
        throw new Error(`P5 (last page): the page says it found ${loaded.found}, not ${models}`);
      if (view.name === 'search one model + status' && loaded.found !== 1)
        throw new Error(`P5 (${view.name}): the page found ${loaded.found} models, not exactly one`);
      if (loaded.found === 0) throw new Error(`P5 (${view.name}): the page found no model`);
      return loaded;
    };
    for (let i = 0; i < 5; i++) await once();
    const loads = [];
    for (let i = 0; i < runs; i++) loads.push(await once());
    figures.totalMs[view.name] = stats(loads.map((l) => l.total));
    figures.ttfbMs[view.name] = stats(loads.map((l) => l.ttfb));
    figures.bytes[view.name] = loads[0]?.bytes ?? 0;
    figures.found[view.name] = loads[0]?.found ?? 0;
  }
  return { models, ...figures, peakRssMiB: Math.round(peakRssKib(server.pgid) / 1024) };
}

/** Where the production server serves public files from: P7's static floor is written there for its run only. */
const STATIC_FLOOR = 'public/bench-static-floor.html';

/**
 * P7: `viewers` signed-in viewers ask for the page at the same moment, `rounds` times after one warm-up round: each
 * round a selective search none before asked (groups ending in digit d, one model in ten, and a status), so no
 * cache of a search's count or page answers it; every answer must be the page. Then the floor: the same crowd
 * asking the same server for a static file as large as the page (what serving those bytes costs, rendering
 * nothing), written where the server serves public files (it must exist when the server starts).
 */
async function crowd(
  server: { url: string; pgid: number },
  token: string,
  viewers: number,
  rounds: number,
): Promise<CrowdFigures> {
  const pageOf = (digit: number) => `${server.url}/admin/models?q=${digit}-l&status=inactive&perPage=50`;
  const timed = async (url: string, check: (response: Response, body: string) => boolean) => {
    const started = performance.now();
    const response = await fetch(url, {
      headers: { Cookie: `authjs.session-token=${token}` },
      redirect: 'manual',
    });
    const body = await response.text();
    if (!check(response, body)) throw new Error(`P7: ${url} answered ${response.status}, not what was asked`);
    return performance.now() - started;
  };
  const isPage = (response: Response, body: string) =>
    response.status === 200 && body.includes('Model Management') && foundOf(body) > 0;
  const round = (url: string, check: typeof isPage) =>
    Promise.all(Array.from({ length: viewers }, () => timed(url, check)));
  // Digit 8 warms up; rounds take 0, 1, 2…: none is P5's 9 or another round's.
  const pageBytes = (await loadPage(pageOf(8), token, 'P7')).bytes;
  await round(pageOf(8), isPage);
  const p95s: number[] = [];
  const all: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const times = await round(pageOf(i % 8), isPage);
    p95s.push(percentile(times, 95));
    all.push(...times);
  }
  const peakRssMiB = Math.round(peakRssKib(server.pgid) / 1024);
  // The floor: a file of the page's size, different bytes each round (as different as the pages).
  const staticUrl = `${server.url}/${STATIC_FLOOR.replace(/^public\//, '')}`;
  const staticP95s: number[] = [];
  for (let i = 0; i <= rounds; i++) {
    writeFileSync(STATIC_FLOOR, `<!doctype html><p>${String(i)}</p>`.padEnd(pageBytes, `${i % 10}`));
    const isFile = (response: Response, body: string) => response.status === 200 && body.length === pageBytes;
    const times = await round(staticUrl, isFile);
    if (i > 0) staticP95s.push(percentile(times, 95));
  }
  return {
    viewers,
    p95Ms: stats(p95s),
    allMs: stats(all),
    peakRssMiB,
    staticP95Ms: stats(staticP95s),
    pageBytes,
  };
}

/** The production server, with P7's static floor file in place when a crowd will come (removed when it stops). */
async function startWithStaticFloor(env: NodeJS.ProcessEnv, floor: boolean) {
  if (!floor) return startNextServer(env);
  mkdirSync('public', { recursive: true });
  writeFileSync(STATIC_FLOOR, '<!doctype html>');
  const removeFloor = () => {
    rmSync(STATIC_FLOOR, { force: true });
    try {
      rmdirSync('public'); // only when this left it empty
    } catch {}
  };
  try {
    const server = await startNextServer(env);
    return {
      ...server,
      stop: async () => {
        try {
          await server.stop();
        } finally {
          removeFloor();
        }
      },
    };
  } catch (error) {
    removeFloor();
    throw error;
  }
}

/** P5 alone at a size of its own (the full run's 100,000 models), then P7 on the same server when `viewers` is set. */
export async function benchModelsPage(options: {
  adminUrl: string;
  models: number;
  runs: number;
  viewers?: { count: number; rounds: number };
  /** Then GET /api/v1/models for this many seconds with one model in twenty offered: P6 at this size. */
  consumerSeconds?: number;
  /** Then P13 at this size: the list with a team key beside the list without one, for this many seconds a run. */
  teamKeySeconds?: number;
}): Promise<
  PageFigures & { crowd?: CrowdFigures; consumer?: { offered: number; rps: number }; p13?: TeamKeyFigures }
> {
  const registry = await prepareRegistry(options.adminUrl, options.models);
  try {
    const server = await startWithStaticFloor(registry.env, Boolean(options.viewers));
    try {
      const pages = await timePages(server, registry.tokens, options.models, options.runs);
      const crowded = options.viewers
        ? await crowd(server, registry.tokens.viewer, options.viewers.count, options.viewers.rounds)
        : undefined;
      if (options.consumerSeconds === undefined && options.teamKeySeconds === undefined)
        return { ...pages, crowd: crowded };
      const offered = await offerSome(registry.databaseUrl, options.models);
      const api = `${server.url}/api/v1/models`;
      await throughput(api, 1);
      const consumer =
        options.consumerSeconds === undefined
          ? undefined
          : { offered, rps: await throughput(api, options.consumerSeconds) };
      const p13 =
        options.teamKeySeconds === undefined
          ? undefined
          : {
              models: options.models,
              ...(await teamKeyThroughput(api, registry.env, options.teamKeySeconds, 2)),
            };
      return { ...pages, crowd: crowded, consumer, p13 };
    } finally {
      await server.stop();
    }
  } finally {
    await registry.drop();
  }
}

export async function benchHttp(options: {
  adminUrl: string;
  quick: boolean;
  viewers?: { count: number; rounds: number };
  /** P13 at this size too: the list with a team key beside the list without one. */
  teamKeys?: boolean;
}): Promise<HttpFigures> {
  const models = options.quick ? 2_000 : 10_000;
  const registry = await prepareRegistry(options.adminUrl, models);
  const { env } = registry;
  const stops: (() => Promise<void>)[] = [];
  try {
    const active = await offerSome(registry.databaseUrl, models);

    const server = await startWithStaticFloor(env, Boolean(options.viewers));
    stops.push(server.stop);
    const p5 = await timePages(server, registry.tokens, models, options.quick ? 10 : 50);
    const p7 = options.viewers
      ? await crowd(server, registry.tokens.viewer, options.viewers.count, options.viewers.rounds)
      : undefined;

    const seconds = options.quick ? 2 : 10;
    const runs = options.quick ? 1 : 2;
    const api = `${server.url}/api/v1/models`;
    const check = (await (await fetch(api)).json()) as { data: unknown[] };
    if (check.data.length !== active)
      throw new Error(`P6: expected ${active} offered models, got ${check.data.length}`);
    await throughput(api, 1); // warm-up
    const ours: number[] = [];
    for (let i = 0; i < runs; i++) ours.push(await throughput(api, seconds));
    const p13 = options.teamKeys
      ? { models, ...(await teamKeyThroughput(api, env, seconds, runs)) }
      : undefined;
    await server.stop();

    const port = await freePort();
    const baseline = spawn(process.execPath, ['bench/baseline-server.mjs'], {
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    stops.push(async () => {
      if (baseline.exitCode !== null) return;
      // Gone before its database is dropped: a query in flight would otherwise fail loudly on its way out.
      const exited = new Promise((resolve) => baseline.once('exit', resolve));
      baseline.kill('SIGTERM');
      await exited;
    });
    await new Promise<void>((resolve, reject) => {
      baseline.stdout?.once('data', () => resolve());
      baseline.once('exit', (code) => reject(new Error(`baseline server exited ${code}`)));
    });
    const baselineUrl = `http://127.0.0.1:${port}/api/v1/models`;
    const same = (await (await fetch(baselineUrl)).json()) as { data: unknown[] };
    if (JSON.stringify(same.data) !== JSON.stringify(check.data))
      throw new Error('P6: the baseline does not return the same JSON as the product');
    await throughput(baselineUrl, 1);
    const theirs: number[] = [];
    for (let i = 0; i < runs; i++) theirs.push(await throughput(baselineUrl, seconds));

    return {
      models,
      activeModels: active,
      p5,
      p6Rps: stats(ours),
      p6BaselineRps: stats(theirs),
      p7,
      p13,
    };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await registry.drop();
  }
}

// Run alone: `npx tsx bench/http.ts [--quick]`.
if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchHttp({
    adminUrl: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    quick: process.argv.includes('--quick'),
  });
  console.log(JSON.stringify(figures, null, 2));
}
