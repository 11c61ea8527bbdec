// Every page, at a laptop's width and a phone's, with its dialogs open: axe-core finds no WCAG 2.1 A/AA or
// best-practice violation, and a full-page screenshot of each is kept as an artifact of the run (test-results/), so
// a change in look is seen.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo, test } from '@playwright/test';
import { ModelsPage, openDialog, STATE } from './support';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const WIDTHS = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

async function check(page: Page, testInfo: TestInfo, name: string) {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const found = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(`${name}.png`, { path, contentType: 'image/png' });
  expect(found, `axe violations on ${name}`).toEqual([]);
  // No page scrolls sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(0);
}

// An axe scan of a long page takes seconds on a busy machine.
test.describe.configure({ timeout: 90_000 });

for (const size of WIDTHS) {
  test.describe(`accessibility and look at ${size.width} px`, () => {
    test.use({ viewport: { width: size.width, height: size.height } });

    test.describe('signed out', () => {
      test('the sign-in page', async ({ page }, testInfo) => {
        await page.goto('/login');
        await check(page, testInfo, `login-${size.name}`);
      });
    });

    test.describe('as an admin', () => {
      test.use({ storageState: STATE.admin });

      for (const [path, name] of [
        ['/', 'home'],
        ['/admin/models', 'models'],
        ['/admin/models?group=yes&q=istral&type=chat', 'models-grouped'],
        ['/admin/sync', 'sync'],
        ['/admin/audit', 'audit'],
        ['/admin/access', 'access'],
        ['/admin/audit?log=access', 'audit-access'],
        ['/admin/audit?log=accounts', 'audit-accounts'],
        ['/admin/users', 'users'],
      ] as const) {
        test(`the ${name} page`, async ({ page }, testInfo) => {
          await page.goto(path);
          await check(page, testInfo, `${name}-${size.name}`);
        });
      }

      test("a model's history", async ({ page }, testInfo) => {
        await page.goto('/admin/models');
        await page
          .getByRole('link', { name: /^History of / })
          .first()
          .click();
        // The page itself, not the loading state the navigation shows first.
        await expect(page.getByRole('heading', { level: 1, name: /^History of / })).toBeVisible();
        await check(page, testInfo, `history-${size.name}`);
      });

      test('the dialogs', async ({ page }, testInfo) => {
        await new ModelsPage(page).goto();
        await page
          .getByRole('button', { name: /^Edit / })
          .first()
          .click();
        // The form, not its loading state: the dialog reads its model when it opens.
        await expect(page.getByRole('dialog').getByLabel('Display name')).toBeVisible();
        await check(page, testInfo, `edit-dialog-${size.name}`);
        await page.keyboard.press('Escape');

        await page.getByRole('button', { name: 'Add model…' }).click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await check(page, testInfo, `add-dialog-${size.name}`);
        await page.keyboard.press('Escape');

        await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
        await page.getByRole('button', { name: 'Bulk edit…' }).click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await check(page, testInfo, `bulk-dialog-${size.name}`);
        await page.keyboard.press('Escape');

        await page.goto('/admin/access');
        await openDialog(page, page.getByRole('button', { name: 'Create key…' }));
        await check(page, testInfo, `create-key-dialog-${size.name}`);
        await page.keyboard.press('Escape');

        const group = await openDialog(page, page.getByRole('button', { name: 'New group…' }));
        await group.getByLabel('Id patterns').fill('mistral-large*');
        await expect(group.getByRole('region', { name: 'Preview' })).toContainText(' of ');
        await check(page, testInfo, `group-dialog-${size.name}`);
        await page.keyboard.press('Escape');

        await openDialog(page, page.getByRole('button', { name: 'New team…' }));
        await check(page, testInfo, `team-dialog-${size.name}`);
      });
    });

    test.describe('as a viewer', () => {
      test.use({ storageState: STATE.viewer });

      test('the models page', async ({ page }, testInfo) => {
        await page.goto('/admin/models');
        await check(page, testInfo, `models-viewer-${size.name}`);
      });
    });
  });
}

// Dark mode follows the system setting: the same pages keep their contrast (axe's color-contrast rule).
test.describe('accessibility in dark mode at 1280 px', () => {
  test.use({ colorScheme: 'dark', viewport: { width: 1280, height: 900 }, storageState: STATE.admin });

  for (const [path, name] of [
    ['/', 'home'],
    ['/admin/models?group=yes', 'models'],
    ['/admin/sync', 'sync'],
    ['/admin/audit', 'audit'],
    ['/admin/access', 'access'],
  ] as const) {
    test(`the ${name} page`, async ({ page }, testInfo) => {
      await page.goto(path);
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(
        'rgb(248, 250, 252)',
      );
      await check(page, testInfo, `${name}-dark`);
    });
  }

  test('the bulk edit dialog', async ({ page }, testInfo) => {
    await new ModelsPage(page).goto();
    await page.getByRole('checkbox', { name: 'Select all on this page' }).check();
    await page.getByRole('button', { name: 'Bulk edit…' }).click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await check(page, testInfo, 'bulk-dialog-dark');
  });
});
