// Webhook notifications through the shipped commands, against a local receiver on 127.0.0.1: what is sent and
// when, the signature a receiver checks, retries with the same delivery id, and a receiver that is down.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { asc, desc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { models, seedRuns, webhookDeliveries } from '../db/schema';
import { runCli } from './support/cli';
import { createTestDb, engine, type TestDb } from './support/db';
import {
  catalogBeforeTheMove,
  type FakeMistral,
  RECORDED_CATALOG,
  startFakeMistral,
} from './support/fake-mistral';
import { scratchFiles } from './support/files';
import { freePort } from './support/next-server';

const SECRET = 'whsec-test-0123456789';
/** What a receiver computes to check a delivery, as the README tells it to. */
const expectedSignature = (timestamp: number, body: string) =>
  `sha256=${createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')}`;
type Received = { headers: IncomingHttpHeaders; body: string; at: number };

let testDb: TestDb;
const scratch = scratchFiles('mr-notify-');
let mistral: FakeMistral;
let receiver: { url: string; received: Received[]; answers: number[]; close(): Promise<void> };

async function startReceiver(): Promise<typeof receiver> {
  const received: Received[] = [];
  const answers: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body, at: Date.now() });
      res.writeHead(answers.shift() ?? 200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/registry`,
    received,
    answers,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const env = (extra: Record<string, string> = {}) => ({
  MISTRAL_API_KEY: 'k',
  MISTRAL_API_URL: mistral.url,
  NOTIFY_WEBHOOK_URL: receiver.url,
  NOTIFY_WEBHOOK_SECRET: SECRET,
  ...extra,
});
const cli = (name: string, args: string[], extra: Record<string, string> = {}) =>
  runCli(name, args, { env: { ...testDb.env, ...env(extra) }, timeoutMs: 60_000 });

/** The recorded list without its first `n` cards: a sync of it retires them. */
const withoutFirst = (n: number) => ({ ...RECORDED_CATALOG, data: RECORDED_CATALOG.data.slice(n) });

/**
 * A deploy as the starting point of a test about a later sync: its one delivery (the gateways' configs, announced
 * for the first time) is set aside; the announcement stays.
 */
const deployed = async () => {
  const result = await cli('models-deploy', []);
  expect(result.code, result.stderr).toBe(0);
  expect(receiver.received).toHaveLength(1);
  expect(JSON.parse(receiver.received[0]?.body ?? '{}').gateways).toEqual(['litellm', 'librechat']);
  receiver.received.length = 0;
  await testDb.use(({ db }) => db.delete(webhookDeliveries));
};

const deliveries = () =>
  testDb.use(({ db }) => db.select().from(webhookDeliveries).orderBy(asc(webhookDeliveries.createdAt)));

beforeAll(async () => {
  testDb = await createTestDb();
  mistral = await startFakeMistral();
  receiver = await startReceiver();
});
afterAll(async () => {
  await testDb?.drop();
  await Promise.all([mistral?.close(), receiver?.close()]);
});
beforeEach(async () => {
  await testDb.reset();
  receiver.received.length = 0;
  receiver.answers.length = 0;
});

describe(`webhook notifications on ${engine}`, () => {
  it('a first seed tells only the gateways; an unchanged sync or a dry run nothing; posts a signed document when models retire', async () => {
    // A provider's first seed: its models are the starting point, not news for a person; the gateways' configs are.
    const deploy = await cli('models-deploy', []);
    expect(deploy.code, deploy.stderr).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]?.body ?? '{}')).toMatchObject({
      type: 'registry.sync',
      trigger: 'deploy',
      text: 'Model Registry sync (deploy):\n• Gateway configs changed: litellm, librechat',
      providers: [],
      gateways: ['litellm', 'librechat'],
    });
    receiver.received.length = 0;
    await testDb.use(({ db }) => db.delete(webhookDeliveries));
    expect((await cli('models-seed', [])).code).toBe(0); // nothing changed
    mistral.enqueue({ status: 200, body: withoutFirst(2) });
    expect((await cli('models-seed', ['--dry-run'])).code).toBe(0); // would retire 2, but writes nothing
    expect(receiver.received).toEqual([]);
    expect(await deliveries()).toEqual([]);

    mistral.enqueue({ status: 200, body: withoutFirst(2) });
    const sync = await cli('models-seed', []);
    expect(sync.code, sync.stderr).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    if (!request) throw new Error('no request');
    const timestamp = Number(request.headers['x-registry-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-registry-signature']).toBe(expectedSignature(timestamp, request.body));
    const doc = JSON.parse(request.body);
    const retired = RECORDED_CATALOG.data.slice(0, 2).map((c) => c.id);
    expect(doc).toMatchObject({
      id: request.headers['x-registry-delivery'],
      type: 'registry.sync',
      trigger: 'cli',
      providers: [{ provider: 'mistral', outcome: 'applied', added: [], retired, restored: [], error: null }],
    });
    // Two offered models gone: both gateways' configs changed.
    expect(doc.gateways).toEqual(['litellm', 'librechat']);
    expect(doc.text).toBe(
      `Model Registry sync (cli):\n• Mistral AI: 2 retired (${retired.join(', ')})\n• Gateway configs changed: litellm, librechat`,
    );

    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({
      id: request.headers['x-registry-delivery'],
      outcome: 'delivered',
      attempts: 1,
      lastStatus: 200,
      trigger: 'cli',
      url: receiver.url,
    });
  });

  it('retries a receiver that answers 503 with the same delivery id, each attempt signed anew', async () => {
    await deployed();
    receiver.answers.push(503, 503);
    mistral.enqueue({ status: 200, body: withoutFirst(1) });
    const sync = await cli('models-seed', []);
    expect(sync.code, sync.stderr).toBe(0);
    expect(receiver.received).toHaveLength(3);
    const ids = new Set(receiver.received.map((r) => r.headers['x-registry-delivery']));
    expect(ids.size).toBe(1);
    for (const r of receiver.received) {
      const timestamp = Number(r.headers['x-registry-timestamp']);
      expect(r.headers['x-registry-signature']).toBe(expectedSignature(timestamp, r.body));
    }
    // Backoff: 0.5 s, then 1 s.
    const [a, b, c] = receiver.received.map((r) => r.at);
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(400);
    expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(900);
    expect(await deliveries()).toEqual([
      expect.objectContaining({ outcome: 'delivered', attempts: 3, lastStatus: 200, lastError: null }),
    ]);
  });

  it('a receiver that is down fails the delivery, never the sync, and waits for the sync to be written', async () => {
    await deployed();
    const down = `http://127.0.0.1:${await freePort()}/hook`;
    mistral.enqueue({ status: 200, body: withoutFirst(1) });
    const sync = await cli('models-seed', ['--json'], { NOTIFY_WEBHOOK_URL: down });
    expect(sync.code, sync.stderr).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({
      ok: true,
      providers: [{ outcome: 'applied', retired: 1 }],
    });
    const [delivery] = await deliveries();
    expect(delivery).toMatchObject({ outcome: 'failed', attempts: 4, lastStatus: null, url: down });
    expect(delivery?.lastError).toMatch(/ECONNREFUSED/);
    const [run] = await testDb.use(({ db }) =>
      db.select().from(seedRuns).orderBy(desc(seedRuns.startedAt)).limit(1),
    );
    // The sync was committed before the notification was even recorded.
    expect(run?.outcome).toBe('applied');
    expect(run?.finishedAt?.getTime()).toBeLessThanOrEqual(delivery?.createdAt.getTime() ?? 0);

    mistral.enqueue({ status: 200, body: withoutFirst(1) });
    const text = await cli('models-seed', [], { NOTIFY_WEBHOOK_URL: down });
    expect(text.code).toBe(0); // nothing changed (the retired model was not offered): nothing to send, no warning
    expect(text.stderr).not.toMatch(/notification/);
  });

  it('notifies a provider that failed, in its own words; a 4xx answer is not retried', async () => {
    await deployed();
    receiver.answers.push(410);
    mistral.enqueue({ status: 401, body: { detail: 'Unauthorized' } });
    const sync = await cli('models-seed', []);
    expect(sync.code).toBe(1);
    expect(sync.stderr).toMatch(
      /warning: the notification to .* was not delivered after 1 attempt\(s\): HTTP 410/,
    );
    expect(receiver.received).toHaveLength(1);
    const doc = JSON.parse(receiver.received[0]?.body ?? '{}');
    expect(doc.providers).toEqual([
      expect.objectContaining({
        provider: 'mistral',
        outcome: 'failed',
        error: expect.stringContaining('HTTP 401'),
      }),
    ]);
    expect(doc.text).toMatch(
      /^Model Registry sync \(cli\):\n• Mistral AI: sync failed, nothing changed: .*HTTP 401/,
    );
  });

  it('says when an alias moves to another dated model: clients sending it get a different model', async () => {
    mistral.enqueue({ status: 200, body: catalogBeforeTheMove() });
    await deployed();
    const sync = await cli('models-seed', []); // the recorded catalog: mistral-large-latest now on 2512
    expect(sync.code, sync.stderr).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const doc = JSON.parse(receiver.received[0]?.body ?? '{}');
    expect(doc.providers).toEqual([
      expect.objectContaining({
        provider: 'mistral',
        aliasMoves: [{ alias: 'mistral-large-latest', from: 'mistral-large-2411', to: 'mistral-large-2512' }],
      }),
    ]);
    expect(doc.text).toContain(
      'mistral-large-latest now points at mistral-large-2512 (was mistral-large-2411)',
    );
  });

  it('names the models a later sync added and says they await review', async () => {
    const newcomer = 'devstral-medium-2507';
    mistral.enqueue({
      status: 200,
      body: { ...RECORDED_CATALOG, data: RECORDED_CATALOG.data.filter((c) => c.id !== newcomer) },
    });
    await deployed();
    const sync = await cli('models-seed', []);
    expect(sync.code, sync.stderr).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const doc = JSON.parse(receiver.received[0]?.body ?? '{}');
    expect(doc.providers).toEqual([
      expect.objectContaining({ provider: 'mistral', added: [newcomer], awaitingReview: [newcomer] }),
    ]);
    expect(doc.text).toBe(
      `Model Registry sync (cli):\n• Mistral AI: 1 new (${newcomer}); all awaiting review`,
    );
  });

  it('announces an offered model entering the deprecation window, once', async () => {
    await deployed(); // mistral-tiny, past its date, is no news then
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const deprecating = {
      ...RECORDED_CATALOG,
      data: RECORDED_CATALOG.data.map((card) =>
        card.id === 'mistral-large-2512'
          ? { ...card, deprecation: soon, deprecation_replacement_model: 'mistral-large-2602' }
          : card,
      ),
    };
    mistral.enqueue({ status: 200, body: deprecating }, { status: 200, body: deprecating });
    expect((await cli('models-seed', [])).code).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const doc = JSON.parse(receiver.received[0]?.body ?? '{}');
    expect(doc.providers).toEqual([
      expect.objectContaining({
        provider: 'mistral',
        deprecations: [{ id: 'mistral-large-2512', date: soon, replacement: 'mistral-large-2602' }],
      }),
    ]);
    expect(doc.text).toContain(
      `mistral-large-2512 is deprecated on ${soon.slice(0, 10)} (replacement: mistral-large-2602)`,
    );
    // The next sync has nothing new to say about it.
    expect((await cli('models-seed', [])).code).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it('tells a change only a gateway sees, naming that gateway; could-not-tell is said, never taken for unchanged', async () => {
    await deployed();
    // A description is in LibreChat's model specs, not in LiteLLM's model_list: only LibreChat's config changed.
    const described = {
      ...RECORDED_CATALOG,
      data: RECORDED_CATALOG.data.map((card) =>
        card.id === 'mistral-large-2512'
          ? { ...card, description: 'A new description, for the specs.' }
          : card,
      ),
    };
    mistral.enqueue({ status: 200, body: described });
    const sync = await cli('models-seed', []);
    expect(sync.code, sync.stderr).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]?.body ?? '{}')).toMatchObject({
      providers: [],
      gateways: ['librechat'],
      text: 'Model Registry sync (cli):\n• Gateway configs changed: librechat',
    });

    // The configs cannot be read (ACCESS_PATH names no file): the sync goes on, the delivery says so.
    mistral.enqueue({ status: 200, body: described });
    const blind = await cli('models-seed', [], { ACCESS_PATH: '/nonexistent/access.json' });
    expect(blind.code, blind.stderr).toBe(0);
    expect(receiver.received).toHaveLength(2);
    const doc = JSON.parse(receiver.received[1]?.body ?? '{}');
    expect(doc.gateways).toBeNull();
    expect(doc.text).toMatch(
      /^Model Registry sync \(cli\):\n• Gateway configs: could not be compared \(.*access\.json/,
    );
    expect(blind.stderr).toMatch(
      /warning: Gateway configs: could not be compared \(.*access\.json.*\); the delivery says so/,
    );
  });

  it('announces what changed between syncs (an admin, a new ACCESS_PATH) at the next one, until it is delivered', async () => {
    await deployed();
    // An admin corrects a price between syncs (LiteLLM's model_info; LibreChat has no prices): the next sync, which
    // changes nothing itself, says LiteLLM's config changed — and, its delivery failing, the one after says it again.
    const down = `http://127.0.0.1:${await freePort()}/hook`;
    await testDb.use(({ db }) =>
      db
        .update(models)
        .set({ inputPricePerMtok: '7.5', outputPricePerMtok: '30', priceSource: 'admin' })
        .where(eq(models.modelId, 'mistral-large-2512')),
    );
    const failed = await cli('models-seed', [], { NOTIFY_WEBHOOK_URL: down });
    expect(failed.code, failed.stderr).toBe(0);
    expect(failed.stderr).toMatch(/warning: the notification to .* was not delivered/);
    expect((await cli('models-seed', [])).code).toBe(0);
    expect(receiver.received).toHaveLength(1);
    expect(JSON.parse(receiver.received[0]?.body ?? '{}')).toMatchObject({
      providers: [],
      gateways: ['litellm'],
    });
    // An access group declared (LiteLLM's access_groups; LibreChat has none): LiteLLM's alone.
    const access = scratch.file('access.json', {
      groups: [{ slug: 'large', name: 'Large', match: { ids: ['mistral-large-*'] } }],
    });
    expect((await cli('models-seed', [], { ACCESS_PATH: access })).code).toBe(0);
    expect(receiver.received).toHaveLength(2);
    expect(JSON.parse(receiver.received[1]?.body ?? '{}')).toMatchObject({
      providers: [],
      gateways: ['litellm'],
    });
    // Told: the next sync has nothing to say.
    const quiet = await cli('models-seed', [], { ACCESS_PATH: access });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toMatch(/notification|Gateway/);
    expect(receiver.received).toHaveLength(2);
  });

  it("announces a person's change outside a sync (models:edit, models:import) at once, once", async () => {
    await deployed();
    const quiet = { NOTIFY_WEBHOOK_URL: '' };
    const model = 'codestral-2508'; // inactive by the shipped config's default, pinned by nothing
    // Set by hand to what it was (no webhook), and exported so: an import of this file turns it off again.
    expect((await cli('models-edit', [model, '--status', 'active'], quiet)).code).toBe(0);
    expect((await cli('models-edit', [model, '--status', 'inactive'], quiet)).code).toBe(0);
    const file = join(scratch.dir, 'export.json');
    expect((await cli('models-export', ['--out', file], quiet)).code).toBe(0);

    const on = await cli('models-edit', [model, '--status', 'active', '--actor', 'ops']);
    expect(on.code, on.stderr).toBe(0);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    const timestamp = Number(request?.headers['x-registry-timestamp']);
    expect(request?.headers['x-registry-signature']).toBe(expectedSignature(timestamp, request?.body ?? ''));
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({
      type: 'registry.gateways',
      trigger: 'cli',
      actor: 'cli:ops',
      gateways: ['litellm', 'librechat'],
      text: 'Model Registry change by cli:ops:\n• Gateway configs changed: litellm, librechat',
    });
    expect(await deliveries()).toEqual([expect.objectContaining({ trigger: 'cli', outcome: 'delivered' })]);
    // Already so: nothing changed, nothing sent.
    expect((await cli('models-edit', [model, '--status', 'active'])).code).toBe(0);
    expect(receiver.received).toHaveLength(1);

    const imported = await cli('models-import', [file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(receiver.received).toHaveLength(2);
    expect(JSON.parse(receiver.received[1]?.body ?? '{}')).toMatchObject({
      type: 'registry.gateways',
      actor: 'import',
      gateways: ['litellm', 'librechat'],
    });
    expect((await cli('models-import', [file])).code).toBe(0); // the same again: nothing new to say
    expect((await cli('models-import', [file, '--dry-run'])).code).toBe(0);
    expect(receiver.received).toHaveLength(2);

    // Telling the webhook fails after the change is written (here: its table is gone): a warning, the change stands.
    await testDb.use(({ db }) =>
      db.execute(sql`alter table gateway_announcements rename to announcements_away`),
    );
    try {
      const blind = await cli('models-edit', [model, '--status', 'active']);
      expect(blind.code, blind.stderr).toBe(0);
      expect(blind.stdout).toContain(`${model}: inactive → active`);
      expect(blind.stderr).toContain(
        'warning: the change is written, but the webhook could not be told which gateway configs it changed:',
      );
    } finally {
      await testDb.use(({ db }) =>
        db.execute(sql`alter table announcements_away rename to gateway_announcements`),
      );
    }
    expect(receiver.received).toHaveLength(2);
  });

  it('refuses a bad NOTIFY_WEBHOOK_URL before syncing anything', async () => {
    for (const command of ['models-seed', 'models-deploy']) {
      const result = await cli(command, [], { NOTIFY_WEBHOOK_URL: 'ftp://example.com/hook' });
      expect(result.code, command).toBe(1);
      expect(result.stderr).toContain(
        'NOTIFY_WEBHOOK_URL must be an http(s) URL, got "ftp://example.com/hook"',
      );
    }
    const runs = await testDb.use(({ db }) => db.select().from(seedRuns));
    expect(runs).toEqual([]);
  });
});
