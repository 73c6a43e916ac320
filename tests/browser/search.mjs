// search.mjs — the page with JavaScript on: type, see suggestions, pick one
// with the keyboard, tick a theme (results and counts change without a
// reload), sort, page forward, go back, open a result.

import { CSP, clean, facetCount, hitDates, lowContrast, open, shot, showFilters, total } from './lib.mjs';

const TYPED = 'renouv';

async function noOverflow(t, page, label) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  t.ok(sw <= iw, `${label}: nothing wider than the window (${sw} <= ${iw})`);
}

export async function run(t, browser, env, viewport) {
  const base = env.POLIS_URL;
  const v = viewport;
  const { context, page, watch } = await open(browser, t, v);
  let firstSuggestion = null;

  await t.step(`${v} js: home page`, async () => {
    const resp = await page.goto(`${base}/`);
    t.is(resp.status(), 200, `${v} js: GET / is 200`);
    const h = resp.headers();
    t.is(h['content-security-policy'], CSP, `${v} js: Content-Security-Policy header`);
    t.is(h['x-content-type-options'], 'nosniff', `${v} js: X-Content-Type-Options: nosniff`);
    t.ok(!!h['referrer-policy'], `${v} js: Referrer-Policy header`, h);
    t.ok(await page.evaluate(() => document.documentElement.classList.contains('js')),
      `${v} js: app.js ran (html.js)`);
    t.is(await page.getAttribute('link[rel="search"]', 'type'), 'application/opensearchdescription+xml',
      `${v} js: <link rel="search"> to the OpenSearch description`);
    t.ok((await total(page)) > 100, `${v} js: the home page lists every document`);
    await page.evaluate(() => { window.__polisMarker = 42; });
    await noOverflow(t, page, `${v} js home`);
    await shot(page, `${v}-js-01-home`);
  });

  await t.step(`${v} js: suggestions while typing`, async () => {
    await page.locator('#q').click();
    await page.keyboard.type(TYPED, { delay: 60 });
    const first = page.locator('#suggestions [role="option"]').first();
    await first.waitFor({ state: 'visible' });
    // A list for a shorter prefix may show while typing; the one for the
    // whole word follows.
    const fits = await page.waitForFunction(() => {
      const opts = Array.from(document.querySelectorAll('#suggestions [role="option"]'));
      return opts.length > 0 && opts.every((o) => /renouv/i.test(o.textContent));
    }).then(() => true, () => false);
    const words = await page.locator('#suggestions [role="option"]').allTextContents();
    t.ok(words.length > 0, `${v} js: suggestions appear for "${TYPED}"`, words);
    t.ok(fits, `${v} js: every suggestion continues "${TYPED}"`, words);
    t.is(await page.getAttribute('#q', 'aria-expanded'), 'true', `${v} js: combobox aria-expanded=true`);
    // Search as you type: the results follow the words, in place.
    await page.waitForFunction((w) => new URL(location.href).searchParams.get('q') === w, TYPED);
    await page.waitForFunction(() => /renouv/.test(document.getElementById('status').textContent));
    t.ok(true, `${v} js: results follow the typing (URL and status say "${TYPED}")`);
    await shot(page, `${v}-js-02-suggestions`);
  });

  await t.step(`${v} js: keyboard through the suggestions`, async () => {
    const options = page.locator('#suggestions [role="option"]');
    const n = await options.count();
    await page.keyboard.press('ArrowDown');
    const id0 = await options.nth(0).getAttribute('id');
    t.is(await page.getAttribute('#q', 'aria-activedescendant'), id0, `${v} js: ArrowDown selects the first`);
    t.is(await options.nth(0).getAttribute('aria-selected'), 'true', `${v} js: first option aria-selected`);
    if (n > 1) {
      await page.keyboard.press('ArrowDown');
      t.is(await options.nth(1).getAttribute('aria-selected'), 'true', `${v} js: ArrowDown moves to the second`);
      await page.keyboard.press('ArrowUp');
    }
    t.is(await options.nth(0).getAttribute('aria-selected'), 'true', `${v} js: ArrowUp comes back`);
    firstSuggestion = await options.nth(0).textContent();
    await shot(page, `${v}-js-03-suggestion-selected`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((w) => new URL(location.href).searchParams.get('q') === w, firstSuggestion);
    await page.waitForFunction((w) => document.getElementById('status').textContent.includes(w), firstSuggestion);
    t.is(await page.inputValue('#q'), firstSuggestion, `${v} js: Enter puts the suggestion in the box`);
    t.ok(await page.locator('#suggestions').isHidden(), `${v} js: the list closes after the pick`);
    t.ok((await total(page)) > 0, `${v} js: results for "${firstSuggestion}"`);
    t.is(await page.evaluate(() => window.__polisMarker), 42, `${v} js: no full reload`);
    await shot(page, `${v}-js-04-picked`);
  });

  await t.step(`${v} js: Escape closes the suggestions`, async () => {
    await page.fill('#q', '');
    await page.locator('#q').focus();
    await page.keyboard.type(TYPED, { delay: 30 });
    await page.locator('#suggestions [role="option"]').first().waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    t.ok(await page.locator('#suggestions').isHidden(), `${v} js: Escape hides the list`);
    t.is(await page.getAttribute('#q', 'aria-expanded'), 'false', `${v} js: aria-expanded=false after Escape`);
    // Back to the picked words, committed with Enter (the form's submit).
    await page.fill('#q', firstSuggestion);
    await page.keyboard.press('Enter');
    await page.waitForFunction((w) => document.getElementById('status').textContent.includes(w), firstSuggestion);
  });

  await t.step(`${v} js: tick a theme`, async () => {
    await showFilters(page);
    const before = await total(page);
    const themes = page.locator('#facet-theme input[type="checkbox"]');
    let pick = null;
    let pickCount = 0;
    for (let i = 0; i < (await themes.count()) && !pick; i++) {
      const value = await themes.nth(i).getAttribute('value');
      const c = await facetCount(page, 'theme', value);
      if (c > 0 && c < before) {
        pick = value;
        pickCount = c;
      }
    }
    t.ok(pick !== null, `${v} js: a theme narrows the ${before} results`, pick);
    const yearsBefore = await page.locator('#facet-year .count').allTextContents();
    await page.locator(`#facet-theme input[value="${pick}"]`).check();
    await page.waitForFunction((th) => new URL(location.href).searchParams.getAll('theme').includes(th), pick);
    await page.waitForFunction((n) => {
      const m = /^([\d\s\u202f]+)/.exec(document.getElementById('status').textContent.trim());
      return m && parseInt(m[1].replace(/\D/g, ''), 10) === n;
    }, pickCount);
    const after = await total(page);
    t.is(after, pickCount, `${v} js: the total becomes the theme's count (${pickCount})`);
    t.ok(after < before, `${v} js: fewer results with the theme (${after} < ${before})`);
    const yearsAfter = await page.locator('#facet-year .count').allTextContents();
    t.ok(JSON.stringify(yearsBefore) !== JSON.stringify(yearsAfter), `${v} js: the year counts change`,
      { yearsBefore, yearsAfter });
    t.ok(await page.locator(`#facet-theme input[value="${pick}"]`).isChecked(), `${v} js: the box stays ticked`);
    t.ok(await page.evaluate((th) => {
      const el = document.activeElement;
      return !!el && el.name === 'theme' && el.value === th;
    }, pick), `${v} js: focus stays on the ticked box`);
    t.ok((await page.locator('.active .chip-remove').count()) >= 1, `${v} js: the filter shows as a chip`);
    t.is(await page.evaluate(() => window.__polisMarker), 42, `${v} js: no full reload on a facet click`);
    t.ok(/\b1\b/.test(await page.textContent('#filters-summary')), `${v} js: the Filtres summary counts it`);
    await noOverflow(t, page, `${v} js theme`);
    const low = await lowContrast(page);
    t.ok(low.length === 0, `${v} js: every text has AA contrast`, low.join('\n'));
    await shot(page, `${v}-js-05-theme`);
    if (v === 'phone') {
      // "Appliquer" folds the filters and shows the results.
      await page.locator('.apply button').click();
      await page.waitForFunction(() => !document.getElementById('filters-panel').open);
      t.is(await page.evaluate(() => document.activeElement && document.activeElement.id), 'results',
        `${v} js: "Appliquer" folds the filters and moves to the results`);
      await shot(page, `${v}-js-05b-theme-applied`);
    }
    // Back undoes the tick.
    await page.goBack();
    await page.waitForFunction(() => new URL(location.href).searchParams.getAll('theme').length === 0);
    await page.waitForFunction((n) => {
      const m = /^([\d\s\u202f]+)/.exec(document.getElementById('status').textContent.trim());
      return m && parseInt(m[1].replace(/\D/g, ''), 10) === n;
    }, before);
    t.ok(!(await page.locator(`#facet-theme input[value="${pick}"]`).isChecked()),
      `${v} js: back unticks the theme and restores ${before} results`);
  });

  await t.step(`${v} js: sort by date`, async () => {
    await page.selectOption('#sort', 'date');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'date');
    await page.waitForFunction(() => !document.getElementById('results').hasAttribute('aria-busy'));
    // Partial dates ("2025-04") sort as their first day.
    const day = (d) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
    const dates = (await hitDates(page)).map(day);
    const sorted = dates.slice().sort().reverse();
    t.ok(dates.length > 1 && JSON.stringify(dates) === JSON.stringify(sorted),
      `${v} js: newest first after choosing "Plus récents"`, dates);
  });

  await t.step(`${v} js: page forward and back`, async () => {
    await page.goto(`${base}/search`);
    await page.evaluate(() => { window.__polisMarker = 43; });
    const first1 = await page.locator('.hit-title').first().textContent();
    await page.locator('.pages a[rel="next"]').first().click();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('page') === '2');
    await page.waitForFunction(() => /page 2 sur/.test(document.getElementById('status').textContent));
    const first2 = await page.locator('.hit-title').first().textContent();
    t.ok(first1 !== first2, `${v} js: page 2 shows other documents`, { first1, first2 });
    t.is(await page.locator('.pages a[aria-current="page"]').first().textContent(), 'Page 2',
      `${v} js: page 2 is marked current`);
    t.is(await page.evaluate(() => window.__polisMarker), 43, `${v} js: no full reload on paging`);
    t.is(await page.evaluate(() => document.activeElement && document.activeElement.id), 'results',
      `${v} js: focus moves to the results`);
    await shot(page, `${v}-js-06-page2`);
    await page.goBack();
    await page.waitForFunction(() => !new URL(location.href).searchParams.has('page'));
    await page.waitForFunction(() => !/page 2 sur/.test(document.getElementById('status').textContent));
    t.is(await page.locator('.hit-title').first().textContent(), first1, `${v} js: back shows page 1 again`);
  });

  await t.step(`${v} js: open a result`, async () => {
    const link = page.locator('.hit-title a').first();
    const href = await link.getAttribute('href');
    t.ok(/^https?:\/\//.test(href), `${v} js: a result links to its source`, href);
    await link.click();
    await page.waitForURL(href);
    t.ok(await page.locator('h1', { hasText: 'bouchon' }).isVisible(), `${v} js: the source page opens`);
    await shot(page, `${v}-js-07-result-opened`);
    await page.goBack();
    await page.locator('#results').waitFor();
  });

  await clean(t, page, watch, `${v} js`);
  await context.close();
}
