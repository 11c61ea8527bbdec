// The Models page as an admin lives in it: dense rows, sortable headers, page size and page jumps, filters that
// apply as chosen with removable chips, "/" to search, grouping a model's ids, and cards on a phone. Other flows
// change the shared database, so each expectation here is read from the database or the page, not hard-coded.
import { expect, type Page, test } from '@playwright/test';
import { database, ModelsPage, STATE } from './support';

test.use({ storageState: STATE.admin });

/** The model ids the table shows, top to bottom. */
async function shownIds(page: Page): Promise<string[]> {
  return page
    .locator('tbody tr[data-model-id]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model-id') ?? ''));
}

/** How many models the page says match. */
async function matchCount(page: Page): Promise<number> {
  const text = await page.getByText(/^[\d,]+ models? match$/).textContent();
  return Number(text?.replace(/[^\d]/g, ''));
}

test('dense rows: every row at most 56 px high at 1280 px, with the header and selection bar sticky', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const models = new ModelsPage(page);
  await models.goto('?perPage=100&group=yes');
  const heights = await page
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
  expect(heights.length).toBeGreaterThan(20);
  expect(Math.max(...heights)).toBeLessThanOrEqual(56);
  // Scrolled into the list, a 900 px screen shows about 15 or more whole rows under the sticky header.
  await page
    .locator('tbody tr')
    .nth(3)
    .evaluate((row) => window.scrollTo(0, row.getBoundingClientRect().top + window.scrollY));
  const inView = await page.locator('tbody tr').evaluateAll((rows) => {
    const top = document.querySelector('thead')?.getBoundingClientRect().bottom ?? 0;
    return rows.filter((r) => {
      const box = r.getBoundingClientRect();
      return box.top >= top - 1 && box.bottom <= window.innerHeight;
    }).length;
  });
  expect(inView).toBeGreaterThanOrEqual(15);

  // Scrolled far down, the selection bar and the column headers stay at the top of the window.
  await page.mouse.wheel(0, 2000);
  await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(1000);
  const header = page.getByRole('columnheader', { name: /Context/ });
  const bar = page.getByText('Select models to edit several at once.');
  const headerTop = (await header.boundingBox())?.y ?? -1;
  const barTop = (await bar.boundingBox())?.y ?? -1;
  expect(barTop).toBeGreaterThanOrEqual(0);
  expect(barTop).toBeLessThan(44);
  expect(headerTop).toBeGreaterThanOrEqual(40);
  expect(headerTop).toBeLessThan(60);
});

test('column headers sort, the sort lives in the URL, and a second click reverses it', async ({ page }) => {
  const models = new ModelsPage(page);
  await models.goto('?provider=mistral&perPage=100');
  await page.getByRole('link', { name: 'Context' }).click();
  await expect(page).toHaveURL(/sort=context/);
  await expect(page.getByRole('columnheader', { name: /Context/ })).toHaveAttribute('aria-sort', 'ascending');

  const sql = database();
  try {
    const expected = async (dir: 'asc' | 'desc') =>
      (
        await sql<{ model_id: string }[]>`select model_id from models where provider = 'mistral'
          order by context_length ${dir === 'asc' ? sql`asc` : sql`desc`} nulls last, model_id asc`
      ).map((r) => r.model_id);
    expect(await shownIds(page)).toEqual(await expected('asc'));

    await page.getByRole('link', { name: 'Context' }).click();
    await expect(page).toHaveURL(/sort=context&dir=desc|dir=desc.*sort=context/);
    await expect(page.getByRole('columnheader', { name: /Context/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(await shownIds(page)).toEqual(await expected('desc'));
  } finally {
    await sql.end();
  }

  // The last change sorts newest first on its first click.
  await page.getByRole('link', { name: 'Last change' }).click();
  await expect(page.getByRole('columnheader', { name: /Last change/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
});

test('rows per page, "1–25 of N", first / previous / next / last and jump to a page', async ({ page }) => {
  const models = new ModelsPage(page);
  await models.goto();
  const total = await matchCount(page);
  expect(total).toBeGreaterThan(25);
  const pages = page.getByRole('navigation', { name: 'Pages' });

  await page.getByLabel('Rows per page').selectOption('25');
  await expect(page).toHaveURL(/perPage=25/);
  await expect(pages.getByText(`1–25 of ${total}`)).toBeVisible();
  expect(await shownIds(page)).toHaveLength(25);
  const firstPage = await shownIds(page);

  await pages.getByRole('link', { name: 'Next' }).click();
  await expect(pages.getByText(`26–${Math.min(50, total)} of ${total}`)).toBeVisible();
  const secondPage = await shownIds(page);
  expect(secondPage.some((id) => firstPage.includes(id))).toBe(false);

  const last = Math.ceil(total / 25);
  await pages.getByRole('link', { name: 'First' }).click();
  await expect(pages.getByText(`1–25 of ${total}`)).toBeVisible();
  await pages.getByRole('link', { name: 'Last' }).click();
  await expect(pages.getByText(`${(last - 1) * 25 + 1}–${total} of ${total}`)).toBeVisible();
  await expect(pages.getByText('Next', { exact: true })).toHaveAttribute('aria-disabled', 'true');

  await pages.getByRole('spinbutton', { name: 'Page' }).fill('2');
  await pages.getByRole('button', { name: 'Go' }).click();
  await expect(page).toHaveURL(/page=2/);
  expect(await shownIds(page)).toEqual(secondPage);
});

test('filters apply as chosen, show as removable chips, and "/" focuses the search', async ({ page }) => {
  const models = new ModelsPage(page);
  await models.goto();
  const all = await matchCount(page);

  await page.keyboard.press('/');
  await expect(page.getByRole('searchbox', { name: 'Search' })).toBeFocused();
  await page.keyboard.type('codestral');
  await expect(page).toHaveURL(/q=codestral/);
  await page.getByLabel('Type').selectOption('embedding');
  await expect(page).toHaveURL(/type=embedding/);
  await expect(models.row('codestral-embed')).toBeVisible();
  await expect(models.row('codestral-2508')).toHaveCount(0);

  const chips = page.getByRole('list', { name: 'Active filters' });
  await expect(chips.getByRole('link', { name: 'Remove filter Search: “codestral”' })).toBeVisible();
  await chips.getByRole('link', { name: 'Remove filter Type: Embedding' }).click();
  await expect(page).not.toHaveURL(/type=/);
  await expect(models.row('codestral-2508')).toBeVisible();

  await chips.getByRole('link', { name: 'Remove filter Search: “codestral”' }).click();
  await expect(page).not.toHaveURL(/q=/);
  await expect(page.getByRole('list', { name: 'Active filters' })).toHaveCount(0);
  await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('');
  expect(await matchCount(page)).toBe(all);
});

test('grouping lists the ids of one model together, its own id first', async ({ page }) => {
  const models = new ModelsPage(page);
  await models.goto('?q=mistral-large&sort=id');
  const flat = await shownIds(page);
  await page.getByRole('switch', { name: 'Group ids of one model' }).click();
  await expect(page).toHaveURL(/group=yes/);
  await expect(page.getByRole('switch', { name: 'Group ids of one model' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  const grouped = await shownIds(page);
  expect([...grouped].sort()).toEqual([...flat].sort());
  // mistral-large-latest is served by mistral-large-2512: it follows it, marked as one of its ids.
  expect(grouped.indexOf('mistral-large-latest')).toBe(grouped.indexOf('mistral-large-2512') + 1);
  await expect(models.row('mistral-large-latest')).toHaveAttribute('data-group-member', 'true');
  await expect(models.row('mistral-large-2512').getByText('2 ids')).toBeVisible();
  await expect(models.row('mistral-large-2512')).not.toHaveAttribute('data-group-member', 'true');
});

test('a phone shows cards with the status and actions in view, and nothing scrolls sideways', async ({
  page,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const models = new ModelsPage(page);
  await models.goto('?q=devstral');
  const card = models.row('devstral-medium-2507');
  await expect(card.getByText(/^(active|inactive)$/)).toBeVisible();
  await expect(card.getByRole('button', { name: /^Set (active|inactive)$/ })).toBeVisible();
  await expect(card.getByRole('button', { name: 'Edit devstral-medium-2507' })).toBeVisible();
  await expect(card.getByRole('link', { name: 'History of devstral-medium-2507' })).toBeVisible();
  // Each detail says what it is: the styles name the cells by their place in the row (app/globals.css).
  const details = await card
    .locator('td')
    .evaluateAll((cells) =>
      cells
        .map((td) => [getComputedStyle(td, '::before').content, td.textContent ?? ''])
        .filter(([label]) => label !== 'none'),
    );
  expect(details.map(([label]) => label)).toEqual([
    '"Provider: "',
    '"Type: "',
    '"Context: "',
    '"Price: "',
    '"Deprecation: "',
    '"Last change: "',
  ]);
  expect(details.slice(0, 2).map(([, text]) => text)).toEqual(['Mistral AI', 'Chat']);
  const box = await card.boundingBox();
  expect(box?.width).toBeLessThanOrEqual(390);
  expect(
    await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
  ).toBeLessThanOrEqual(0);
  // The sort the hidden headers offer is a menu here.
  await page.getByLabel('Sort by').selectOption('context:desc');
  await expect(page).toHaveURL(/sort=context&dir=desc|dir=desc.*sort=context/);
});

test('compact or comfortable rows, remembered across pages', async ({ page }) => {
  const models = new ModelsPage(page);
  await models.goto('?q=codestral');
  const row = models.row('codestral-2508');
  await expect(row.getByText('aka codestral-latest')).toHaveCount(0);
  await page.getByRole('button', { name: 'Comfortable' }).click();
  await expect(page.getByRole('button', { name: 'Comfortable' })).toHaveAttribute('aria-pressed', 'true');
  await expect(row.getByText('aka codestral-latest')).toBeVisible();
  await models.goto('?q=codestral');
  await expect(models.row('codestral-2508').getByText('aka codestral-latest')).toBeVisible();
  await page.getByRole('button', { name: 'Compact' }).click();
  await expect(models.row('codestral-2508').getByText('aka codestral-latest')).toHaveCount(0);
});
