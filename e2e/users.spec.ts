// Users: an admin adds an account (its one-time password shown once and good for signing in), changes its role,
// resets its password and removes it, each one account event by that admin; the only admin cannot be removed or
// demoted; a viewer gets no Users page.
import { expect, type Page, test } from '@playwright/test';
import { ADMIN, database, openDialog, STATE, signIn } from './support';

const PAT = 'pat@e2e.test';

async function accountEventsOf(email: string) {
  const sql = database();
  try {
    return await sql<{ actor: string; action: string; before: unknown; after: unknown }[]>`
      select actor, action, before, after from account_events where email = ${email} order by id`;
  } finally {
    await sql.end();
  }
}

async function roleOf(email: string): Promise<string | null> {
  const sql = database();
  try {
    const [row] = await sql<{ role: string }[]>`select role from users where email = ${email}`;
    return row?.role ?? null;
  } finally {
    await sql.end();
  }
}

const row = (page: Page, email: string) => page.locator(`tr[data-email="${email}"]`);

test.describe('as an admin', () => {
  test.use({ storageState: STATE.admin });

  test('add a viewer (password shown once, and it signs in), change its role, reset its password, remove it', async ({
    page,
    browser,
  }) => {
    await page.goto('/admin/models');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await expect(page).toHaveTitle('Users · Model Registry');
    await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();

    // Add: the password is in the dialog, once.
    let dialog = await openDialog(page, page.getByRole('button', { name: 'Add account…' }));
    await dialog.getByLabel('Email').fill(PAT);
    await dialog.getByRole('radio', { name: /^Viewer/ }).check();
    await dialog.getByRole('button', { name: 'Add account' }).click();
    await expect(dialog.getByRole('heading', { name: `Added ${PAT}` })).toBeVisible();
    await expect(dialog).toContainText('Shown once');
    const first = await dialog.getByLabel(/One-time password/).inputValue();
    expect(first).toMatch(/^[\w-]{20}$/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();
    await expect(row(page, PAT)).toContainText('viewer');
    // Opened again, the dialog is empty: the password is gone from the page.
    dialog = await openDialog(page, page.getByRole('button', { name: 'Add account…' }));
    await expect(dialog.getByLabel(/One-time password/)).toHaveCount(0);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.content()).not.toContain(first);

    // Adding the same email again is refused, offering a reset.
    dialog = await openDialog(page, page.getByRole('button', { name: 'Add account…' }));
    await dialog.getByLabel('Email').fill(PAT.toUpperCase());
    await dialog.getByRole('button', { name: 'Add account' }).click();
    await expect(dialog.getByRole('alert')).toContainText(`${PAT} already has an account`);
    await expect(dialog.getByRole('alert')).toContainText('Reset password');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // The password works, in a fresh browser.
    const fresh = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const freshPage = await fresh.newPage();
    await signIn(freshPage, { email: PAT, password: first });
    await expect(freshPage.getByRole('banner')).toContainText('viewer');
    await expect(
      freshPage.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }),
    ).toHaveCount(0);

    // Change role: viewer → admin.
    dialog = await openDialog(page, row(page, PAT).getByRole('button', { name: 'Change role' }));
    await dialog.getByRole('radio', { name: /^Admin/ }).check();
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`${PAT} is now an admin.`)).toBeVisible();
    await expect(row(page, PAT)).toContainText('admin');
    expect(await roleOf(PAT)).toBe('admin');

    // Reset password: a new one, shown once; the old one and the open session stop working.
    dialog = await openDialog(page, row(page, PAT).getByRole('button', { name: 'Reset password' }));
    await dialog.getByRole('button', { name: 'Reset password' }).click();
    await expect(dialog.getByRole('heading', { name: `New password for ${PAT}` })).toBeVisible();
    const second = await dialog.getByLabel(/One-time password/).inputValue();
    expect(second).not.toBe(first);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await freshPage.goto('/admin/models');
    await expect(freshPage).toHaveURL(/\/login/);
    await signIn(freshPage, { email: PAT, password: second });

    // Remove: its session ends with it.
    dialog = await openDialog(page, row(page, PAT).getByRole('button', { name: 'Remove' }));
    await expect(dialog).toContainText('can no longer sign in');
    await dialog.getByRole('button', { name: 'Remove account' }).click();
    await expect(dialog).toBeHidden();
    await expect(row(page, PAT)).toHaveCount(0);
    expect(await roleOf(PAT)).toBeNull();
    await freshPage.goto('/admin/models');
    await expect(freshPage).toHaveURL(/\/login/);
    await fresh.close();

    const by = `admin:${ADMIN.email}`;
    expect(await accountEventsOf(PAT)).toEqual([
      { actor: by, action: 'created', before: null, after: { role: 'viewer' } },
      { actor: by, action: 'role_changed', before: { role: 'viewer' }, after: { role: 'admin' } },
      { actor: by, action: 'password_reset', before: { role: 'admin' }, after: { role: 'admin' } },
      { actor: by, action: 'removed', before: { role: 'admin' }, after: null },
    ]);
    // No password in any event.
    expect(JSON.stringify(await accountEventsOf(PAT))).not.toContain(second);
  });

  test('cannot remove the last admin, nor make it a viewer', async ({ page }) => {
    const before = await accountEventsOf(ADMIN.email);
    await page.goto('/admin/users');
    const admin = row(page, ADMIN.email);
    await expect(admin).toContainText('(you)');

    let dialog = await openDialog(page, admin.getByRole('button', { name: 'Remove' }));
    await expect(dialog).toContainText('This is your account');
    await dialog.getByRole('button', { name: 'Remove account' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(
      `${ADMIN.email} is the only admin. Removing it would leave nobody who can change models or manage accounts. Make another account an admin first.`,
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    dialog = await openDialog(page, admin.getByRole('button', { name: 'Change role' }));
    await dialog.getByRole('radio', { name: /^Viewer/ }).check();
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await expect(dialog.getByRole('alert')).toContainText(`${ADMIN.email} is the only admin.`);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    expect(await roleOf(ADMIN.email)).toBe('admin');
    expect(await accountEventsOf(ADMIN.email)).toEqual(before);
    await page.reload();
    await expect(row(page, ADMIN.email)).toContainText('admin');
  });
});

test('a viewer has no Users link and gets the admins-only page', async ({ browser }) => {
  const context = await browser.newContext({ storageState: STATE.viewer });
  const page = await context.newPage();
  await page.goto('/admin/models');
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Audit log' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await page.goto('/admin/users');
  await expect(page).toHaveURL(/\/forbidden$/);
  await expect(page.getByRole('heading', { name: 'Admins only' })).toBeVisible();
  await expect(page.getByText(ADMIN.email)).toHaveCount(0);
  await context.close();
});
