// nojs.mjs — the same journeys with JavaScript off: the GET form and the
// server-rendered links carry every state in the URL.

import { clean, facetCount, hitDates, open, shot, showFilters, total } from './lib.mjs';

export async function run(t, browser, env, viewport) {
  const base = env.POLIS_URL;
  const v = viewport;
  const { context, page, watch } = await open(browser, t, v, { javaScriptEnabled: false });

  await t.step(`${v} nojs: home`, async () => {
    const resp = await page.goto(`${base}/`);
    t.is(resp.status(), 200, `${v} nojs: GET / is 200`);
    t.ok(!(await page.evaluate(() => document.documentElement.classList.contains('js')).catch(() => false)),
      `${v} nojs: no script ran`);
    if (v === 'phone') {
      t.ok(!(await page.locator('#filters .facet').first().isVisible()),
        `${v} nojs: the filters are folded behind "Filtres"`);
      await shot(page, `${v}-nojs-01-home-folded`);
    }
    await showFilters(page);
    t.ok(await page.locator('.apply button').isVisible(), `${v} nojs: the "Appliquer" button shows`);
    t.is(await page.locator('label[for="q"]').count(), 1, `${v} nojs: the search box has a label`);
    await shot(page, `${v}-nojs-01-home`);
  });

  await t.step(`${v} nojs: search with the form`, async () => {
    await page.fill('#q', 'emploi');
    await Promise.all([page.waitForURL(/\/search\?/), page.press('#q', 'Enter')]);
    const url = new URL(page.url());
    t.is(url.searchParams.get('q'), 'emploi', `${v} nojs: the form is a GET to /search?q=emploi`);
    t.ok((await total(page)) > 0, `${v} nojs: results for "emploi"`);
    t.ok((await page.locator('.hit-snippet mark').count()) > 0, `${v} nojs: snippets highlight the word`);
    t.ok((await page.locator('.hit .chips .chip').count()) > 0, `${v} nojs: themes as chips`);
    t.ok((await page.locator('.hit-meta time').count()) > 0, `${v} nojs: dates`);
    t.ok((await page.locator('.hit-meta .kind').count()) > 0, `${v} nojs: kinds`);
    await shot(page, `${v}-nojs-02-results`);
  });

  await t.step(`${v} nojs: tick a theme and apply`, async () => {
    await showFilters(page);
    const before = await total(page);
    const box = page.locator('#facet-theme input[type="checkbox"]').first();
    const value = await box.getAttribute('value');
    const count = await facetCount(page, 'theme', value);
    await box.check();
    await Promise.all([page.waitForURL(/theme=/), page.locator('.apply button').click()]);
    t.ok(new URL(page.url()).searchParams.getAll('theme').includes(value), `${v} nojs: theme=${value} in the URL`);
    t.is(await total(page), count, `${v} nojs: the total is the theme's count (${count} of ${before})`);
    t.ok(await page.locator(`#facet-theme input[value="${value}"]`).isChecked(), `${v} nojs: the box is ticked`);
    await shot(page, `${v}-nojs-03-theme`);
    // The chip removes the filter.
    await Promise.all([page.waitForURL((u) => !u.searchParams.has('theme')),
      page.locator('.active .chip-remove').first().click()]);
    t.is(await total(page), before, `${v} nojs: removing the chip restores the results`);
  });

  await t.step(`${v} nojs: date range`, async () => {
    await page.goto(`${base}/search?from=2015&to=2018`);
    const dates = await hitDates(page);
    t.ok(dates.length > 0 && dates.every((d) => d >= '2015' && d <= '2018-12-31'),
      `${v} nojs: from=2015&to=2018 keeps 2015–2018`, dates);
    t.is(await page.inputValue('#from'), '2015', `${v} nojs: the range shows in the form`);
    await shot(page, `${v}-nojs-04-dates`);
  });

  await t.step(`${v} nojs: page forward`, async () => {
    await page.goto(`${base}/search`);
    const first1 = await page.locator('.hit-title').first().textContent();
    await Promise.all([page.waitForURL(/page=2/), page.locator('.pages a[rel="next"]').first().click()]);
    t.ok(/page 2 sur/.test(await page.textContent('#status')), `${v} nojs: page 2`);
    t.ok((await page.locator('.hit-title').first().textContent()) !== first1, `${v} nojs: other documents`);
    await shot(page, `${v}-nojs-05-page2`);
  });

  await t.step(`${v} nojs: spelling`, async () => {
    await page.goto(`${base}/search?q=renouvelement`);
    const fix = page.locator('.spelling a');
    t.ok(await fix.isVisible(), `${v} nojs: "Vouliez-vous dire" for renouvelement`);
    t.ok(/Vouliez-vous dire/.test(await page.textContent('.spelling')), `${v} nojs: in French`);
    await shot(page, `${v}-nojs-06-spelling`);
    await Promise.all([page.waitForURL(/q=renouvellement/), fix.click()]);
    t.ok((await total(page)) > 0, `${v} nojs: the corrected search has results`);
  });

  await t.step(`${v} nojs: empty state`, async () => {
    await page.goto(`${base}/search?q=zxqwvk&theme=sante`);
    t.ok(await page.locator('.empty h2').isVisible(), `${v} nojs: an empty state`);
    t.ok(/Aucun résultat/.test(await page.textContent('#status')), `${v} nojs: "Aucun résultat"`);
    t.ok((await page.locator('.empty a', { hasText: 'sans le' }).count()) === 1,
      `${v} nojs: the empty state offers to drop the filters`);
    await shot(page, `${v}-nojs-07-empty`);
  });

  await t.step(`${v} nojs: a bad parameter`, async () => {
    const resp = await page.goto(`${base}/search?q=emploi&page=zero`);
    t.is(resp.status(), 400, `${v} nojs: page=zero is a 400`);
    t.ok(await page.locator('.error[role="alert"]').isVisible(), `${v} nojs: with a message on the page`);
    t.is(await page.inputValue('#q'), 'emploi', `${v} nojs: and the form kept`);
    // chromium logs the 400 it was asked for; it is not a fault of the page.
    watch.errors = watch.errors.filter((e) => !/status of 400/.test(e));
  });

  await t.step(`${v} nojs: open a result`, async () => {
    await page.goto(`${base}/search?q=quartier%20activateur`);
    const link = page.locator('.hit-title a').first();
    const href = await link.getAttribute('href');
    await Promise.all([page.waitForURL(href), link.click()]);
    t.ok(await page.locator('h1', { hasText: 'bouchon' }).isVisible(), `${v} nojs: the source page opens`);
  });

  await clean(t, page, watch, `${v} nojs`);
  await context.close();
}
