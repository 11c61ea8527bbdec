// Shared by the flows: sign-in, the database the server uses, and page objects.
import { readFileSync } from 'node:fs';
import { type APIRequestContext, expect, type Locator, type Page } from '@playwright/test';
import postgres from 'postgres';

export const ADMIN = { email: 'admin@e2e.test', password: process.env.E2E_ADMIN_PASSWORD ?? '' };
export const VIEWER = { email: 'viewer@e2e.test', password: process.env.E2E_VIEWER_PASSWORD ?? '' };
export const STATE = { admin: 'test-results/.auth/admin.json', viewer: 'test-results/.auth/viewer.json' };

/** The e2e database, read directly: each flow asserts what it holds, not only what the page shows. */
export function database() {
  return postgres(process.env.E2E_DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
}

export async function statusOf(modelIds: string[]): Promise<Record<string, string>> {
  const sql = database();
  try {
    const rows = await sql<
      { model_id: string; status: string }[]
    >`select model_id, status from models where model_id in ${sql(modelIds)}`;
    return Object.fromEntries(rows.map((r) => [r.model_id, r.status]));
  } finally {
    await sql.end();
  }
}

export async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The first page a fresh server renders can take a while on a busy machine.
  await expect(page.getByRole('heading', { name: 'Model Management' })).toBeVisible({ timeout: 15_000 });
}

export class ModelsPage {
  constructor(private readonly page: Page) {}
  async goto(query = '') {
    await this.page.goto(`/admin/models${query}`);
    await expect(this.page.getByRole('heading', { name: 'Model Management' })).toBeVisible();
    await this.interactive();
  }
  /**
   * The page is interactive: filters apply as chosen once its script runs, and the "Apply filters" button (for a
   * browser without JavaScript) goes away then.
   */
  async interactive() {
    await expect(this.page.getByRole('button', { name: 'Apply filters' })).toHaveCount(0);
  }
  row(modelId: string) {
    return this.page.locator(`tr[data-model-id="${modelId}"]`);
  }
  select(modelId: string) {
    return this.page.getByRole('checkbox', { name: `Select ${modelId}`, exact: true }).check();
  }
  async bulkSetStatus(status: 'active' | 'inactive', expectChange: number) {
    await this.page.getByRole('button', { name: 'Bulk edit…' }).click();
    const dialog = this.page.getByRole('dialog');
    // The dialog opens with nothing ticked: the status is changed only once asked for.
    await dialog.getByRole('checkbox', { name: 'Change status' }).check();
    await dialog
      .getByRole('radio', { name: status === 'active' ? 'Active' : 'Inactive', exact: true })
      .check();
    const models = `${expectChange} ${expectChange === 1 ? 'model' : 'models'}`;
    await expect(dialog.getByText(`${models} will change to ${status}`)).toBeVisible();
    await dialog.getByRole('button', { name: `Apply to ${models}` }).click();
    await expect(dialog).toBeHidden();
  }
}

/** One model's row as the database holds it (snake_case columns). */
export async function modelRow(modelId: string): Promise<Record<string, unknown>> {
  const sql = database();
  try {
    const [row] = await sql`select * from models where model_id = ${modelId}`;
    return row ?? {};
  } finally {
    await sql.end();
  }
}

/** The audit events one admin wrote for a model, oldest first. */
export async function eventsOf(modelId: string, actor = 'admin:admin@e2e.test') {
  const sql = database();
  try {
    return await sql<{ action: string; before: Record<string, unknown>; after: Record<string, unknown> }[]>`
      select action, before, after from model_events where model_id = ${modelId} and actor = ${actor} order by id`;
  } finally {
    await sql.end();
  }
}

/** A server action's id, from the build's manifest (what a browser would send as Next-Action). */
function actionId(name: string): string {
  const manifest = JSON.parse(readFileSync('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { exportedName?: string; workers: Record<string, unknown> }>;
  };
  const entry = Object.entries(manifest.node).find(
    ([, v]) => v.exportedName === name && 'app/admin/models/page' in v.workers,
  );
  if (!entry) throw new Error(`no server action ${name} in the build`);
  return entry[0];
}

/** Calls a models server action directly over HTTP, as a script could, without the page. */
export async function callAction(context: APIRequestContext, name: string, input: unknown) {
  const response = await context.post('/admin/models', {
    headers: {
      'Next-Action': actionId(name),
      'Content-Type': 'text/plain;charset=UTF-8',
      Accept: 'text/x-component',
    },
    data: JSON.stringify([null, input]),
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}

/** Clicks a dialog's trigger until the dialog is open: a click that lands before React hydrates does nothing. */
export async function openDialog(page: Page, trigger: Locator) {
  await expect(async () => {
    if (!(await page.getByRole('dialog').isVisible())) await trigger.click();
    await expect(page.getByRole('dialog')).toBeVisible({ timeout: 1000 });
  }).toPass();
  return page.getByRole('dialog');
}
