// widget.mjs — the search box a partner site embeds: a page served from a
// second loopback origin loads /widget.js from searchd and calls the API
// across origins (CORS).

import { CSP, clean, lowContrast, open, shot } from './lib.mjs';

export async function run(t, browser, env, viewport) {
  const v = viewport;
  const partner = `${env.POLIS_PARTNER_URL}/partenaire.html`;
  const api = new URL(env.POLIS_URL).origin;
  const { context, page, watch } = await open(browser, t, v);
  const crossOrigin = [];
  page.on('request', (req) => {
    if (req.url().startsWith(`${api}/api/`)) {
      crossOrigin.push(req.url());
    }
  });

  await t.step(`${v} widget: partner page`, async () => {
    await page.goto(partner);
    t.ok(new URL(page.url()).origin !== api, `${v} widget: the partner page is another origin`,
      { partner: page.url(), api });
    const input = page.locator('[data-polis-search] input[type="search"]');
    await input.waitFor();
    const id = await input.getAttribute('id');
    t.is(await page.locator(`label[for="${id}"]`).count(), 1, `${v} widget: the box has a label`);
    t.ok((await page.locator('link[data-polis-widget]').count()) === 1, `${v} widget: its stylesheet is loaded`);
    await shot(page, `${v}-widget-01-partner`);
  });

  await t.step(`${v} widget: suggestions and the keyboard`, async () => {
    const input = page.locator('[data-polis-search] input[type="search"]');
    await input.click();
    await page.keyboard.type('sant', { delay: 60 });
    const option = page.locator('[data-polis-search] [role="option"]').first();
    await option.waitFor({ state: 'visible' });
    t.ok((await page.locator('[data-polis-search] [role="option"]').count()) > 0, `${v} widget: suggestions appear`);
    await shot(page, `${v}-widget-02-suggestions`);
    await page.keyboard.press('ArrowDown');
    t.is(await option.getAttribute('aria-selected'), 'true', `${v} widget: ArrowDown selects a suggestion`);
    const word = await option.textContent();
    await page.keyboard.press('Enter');
    await page.locator('.polis-w-hit').first().waitFor({ state: 'visible' });
    t.is(await input.inputValue(), word, `${v} widget: Enter picks "${word}"`);
    const n = await page.locator('.polis-w-hit').count();
    t.ok(n > 0 && n <= 5, `${v} widget: results in the dropdown (${n}, at most data-polis-results=5)`);
    const hrefs = await page.locator('.polis-w-hit a.polis-w-title').evaluateAll((as) => as.map((a) => a.href));
    t.ok(hrefs.length > 0 && hrefs.every((h) => /^https?:\/\//.test(h)), `${v} widget: result links are http(s)`, hrefs);
    const all = await page.locator('.polis-w-all').getAttribute('href');
    t.ok(all.startsWith(`${api}/search?`), `${v} widget: "Voir les résultats" goes to the Polis page`, all);
    t.ok(crossOrigin.some((u) => u.includes('/api/suggest')) && crossOrigin.some((u) => u.includes('/api/search')),
      `${v} widget: it called /api/suggest and /api/search across origins`, crossOrigin);
    await shot(page, `${v}-widget-03-results`);
  });

  await t.step(`${v} widget: results as you type, without Enter`, async () => {
    const input = page.locator('[data-polis-search] input[type="search"]');
    await input.fill('');
    await page.keyboard.press('Escape');
    await input.focus();
    const searches = crossOrigin.filter((u) => u.includes('/api/search')).length;
    await page.keyboard.type('potentiel économique', { delay: 40 });
    // No Enter: the dropdown follows the typing once it pauses.
    const hit = page.locator('.polis-w-hit', { hasText: 'potentiel économique' }).first();
    await hit.waitFor({ state: 'visible' });
    t.ok(true, `${v} widget: results appear while typing, without Enter`);
    const status = page.locator('[data-polis-search] [role="status"]');
    await page.waitForFunction(() => /résultat/.test(document.querySelector('[data-polis-search] [role="status"]').textContent));
    t.is(await status.getAttribute('aria-live'), 'polite', `${v} widget: the count is announced (aria-live)`);
    const typed = crossOrigin.filter((u) => u.includes('/api/search')).slice(searches);
    t.ok(typed.length >= 1 && typed.length <= 4 && typed[typed.length - 1].includes('potentiel'),
      `${v} widget: debounced: a few searches for a whole phrase typed, the last one for all of it`, typed);
    // Every title is a link (to the source, else to the notice on Polis).
    const titles = await page.locator('.polis-w-hit .polis-w-title').evaluateAll((els) =>
      els.map((e) => [e.tagName, e.getAttribute('href')]));
    t.ok(titles.length > 0 && titles.every(([tag, href]) => tag === 'A' && /^https?:\/\//.test(href)),
      `${v} widget: titles are links, styled as such`, titles);
    await shot(page, `${v}-widget-03b-as-you-type`);
    if (await page.locator('[data-polis-search] [role="listbox"]').isVisible()) {
      await page.keyboard.press('Escape'); // the suggestions first; the results stay
    }
  });

  await t.step(`${v} widget: Escape closes, Enter searches`, async () => {
    const input = page.locator('[data-polis-search] input[type="search"]');
    await input.focus();
    await page.keyboard.press('Escape');
    t.ok(await page.locator('.polis-w-panel').isHidden(), `${v} widget: Escape closes the dropdown`);
    await input.fill('renouvellement urbain');
    await page.keyboard.press('Enter');
    await page.locator('.polis-w-hit').first().waitFor({ state: 'visible' });
    t.ok(/renouvel/i.test(await page.locator('.polis-w-hit').first().textContent()),
      `${v} widget: Enter searches what is typed`);
    t.ok((await page.locator('.polis-w-hit mark').count()) > 0, `${v} widget: matches are highlighted`);
    const low = await lowContrast(page);
    t.ok(low.length === 0, `${v} widget: every text on the partner page, widget included, has AA contrast`, low.join('\n'));
    await shot(page, `${v}-widget-04-enter`);
  });

  await t.step(`${v} widget: the integration page on Polis itself`, async () => {
    const resp = await page.goto(`${env.POLIS_URL}/assets/widget.html`);
    t.is(resp.headers()['content-security-policy'], CSP, `${v} widget: /assets/widget.html has the page CSP`);
    const input = page.locator('[data-polis-search] input[type="search"]');
    await input.fill('emploi');
    await input.press('Enter');
    await page.locator('.polis-w-hit').first().waitFor({ state: 'visible' });
    t.ok(true, `${v} widget: the demonstration on /assets/widget.html answers`);
    await shot(page, `${v}-widget-05-integration-page`);
  });

  await clean(t, page, watch, `${v} widget`);
  await context.close();
}
