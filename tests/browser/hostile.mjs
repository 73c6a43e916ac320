// hostile.mjs — documents whose title, body, site type, theme label and
// links hold <script>, "><img onerror=…>, javascript: and data: URLs
// (tests/browser/hostile/, indexed into their own index).  The pages and
// the widget must show them as text and run nothing.  The page's CSP is
// turned off in the browser (bypassCSP) for the checks, so a string that
// escaped the encoder would really run and open a dialog, not just be
// blocked; a second visit checks the CSP itself.

import { CSP, clean, open, shot } from './lib.mjs';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

// What the DOM must not hold, whatever the data: elements that run or load
// things, event-handler attributes, links that are not http(s) or our own.
async function inspect(page, scope) {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel) || document;
    const bad = [];
    for (const el of root.querySelectorAll('*')) {
      const tag = el.tagName.toLowerCase();
      if (['img', 'iframe', 'svg', 'object', 'embed', 'textarea', 'video', 'audio'].includes(tag)) {
        bad.push(`element <${tag}>`);
      }
      if (tag === 'script' && !/\/(assets\/app|widget)\.js/.test(el.src || '')) {
        bad.push(`script ${el.src || el.textContent.slice(0, 40)}`);
      }
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) {
          bad.push(`attribute ${a.name} on <${tag}>`);
        }
      }
      if (tag === 'a' && el.hasAttribute('href')) {
        const u = new URL(el.getAttribute('href'), location.href);
        if (u.protocol !== 'http:' && u.protocol !== 'https:') {
          bad.push(`link ${el.getAttribute('href')}`);
        }
      }
    }
    return { bad, text: root.textContent };
  }, scope);
}

async function checkPage(t, page, label, scope = 'body') {
  const { bad, text } = await inspect(page, scope);
  t.ok(bad.length === 0, `${label}: no element, handler or link from the data`, bad.join('\n'));
  return text;
}

export async function run(t, browser, env, viewport) {
  const base = env.POLIS_HOSTILE_URL;
  const v = viewport;

  for (const js of [true, false]) {
    const mode = js ? 'js' : 'nojs';
    const { context, page, watch } = await open(browser, t, v, { javaScriptEnabled: js, bypassCSP: true });
    await t.step(`${v} hostile ${mode}: search page`, async () => {
      await page.goto(`${base}/search?q=piege`);
      await page.waitForTimeout(300); // time for anything that would run
      const text = await checkPage(t, page, `${v} hostile ${mode} /search?q=piege`);
      t.ok(text.includes(SCRIPT), `${v} hostile ${mode}: "${SCRIPT}" shows as text`);
      t.ok(text.includes(IMG), `${v} hostile ${mode}: '${IMG}' shows as text`);
      t.ok(text.includes(`${SCRIPT}${IMG} Thème piégé`), `${v} hostile ${mode}: the theme label shows as text`);
      t.ok(text.includes('Actu "><img src=x onerror=alert(1)> piégée'), `${v} hostile ${mode}: the site type shows as text`);
      const plain = page.locator('.hit-title', { hasText: 'Piège HTML' });
      const hrefs = await plain.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      t.ok(hrefs.length === 1 && hrefs[0].startsWith('/doc/'),
        `${v} hostile ${mode}: a javascript: source URL is not a link, the title links to the notice`, hrefs);
      await shot(page, `${v}-hostile-${mode}-01-search`);
    });
    await t.step(`${v} hostile ${mode}: filtered by the hostile theme and type`, async () => {
      const type = 'Actu "><img src=x onerror=alert(1)> piégée';
      await page.goto(`${base}/search?theme=piege&type=${encodeURIComponent(type)}`);
      await page.waitForTimeout(200);
      const text = await checkPage(t, page, `${v} hostile ${mode} filters`);
      t.ok(text.includes(`Retirer le filtre ${SCRIPT}`), `${v} hostile ${mode}: the theme chip shows the label as text`);
      t.ok(await page.locator('input[name="type"]').evaluateAll((els, ty) => els.some((e) => e.value === ty && e.checked), type),
        `${v} hostile ${mode}: the type's checkbox value survives the attribute intact`);
    });
    if (js) {
      await t.step(`${v} hostile js: facet click swaps in the hostile HTML`, async () => {
        await page.goto(`${base}/search?q=quartier`);
        await page.locator('#filters-panel').evaluate((d) => { d.open = true; });
        await page.locator('#facet-theme input[value="piege"]').check();
        await page.waitForFunction(() => new URL(location.href).searchParams.get('theme') === 'piege');
        await page.waitForFunction(() => !document.getElementById('results').hasAttribute('aria-busy'));
        await page.waitForTimeout(200);
        await checkPage(t, page, `${v} hostile js after the swap`);
        await shot(page, `${v}-hostile-js-02-theme`);
      });
    }
    await clean(t, page, watch, `${v} hostile ${mode}`);
    await context.close();
  }

  // The policy itself, enforced this time: present, and nothing violates it.
  {
    const { context, page, watch } = await open(browser, t, v);
    await t.step(`${v} hostile csp`, async () => {
      const resp = await page.goto(`${base}/search?q=piege`);
      t.is(resp.headers()['content-security-policy'], CSP, `${v} hostile csp: the CSP header is there`);
      t.is(resp.headers()['x-content-type-options'], 'nosniff', `${v} hostile csp: nosniff`);
      const html = await resp.text();
      t.ok(!html.includes(SCRIPT) && !html.includes('<img'), `${v} hostile csp: the HTML holds no raw payload`);
      t.ok(!/\sstyle=|<style/i.test(html), `${v} hostile csp: no inline style in the page`);
      t.is((html.match(/<script/g) || []).length, 1, `${v} hostile csp: one script element (app.js)`);
    });
    await clean(t, page, watch, `${v} hostile csp`);
    await context.close();
  }

  // The widget on a partner page, fed the hostile index.
  {
    const { context, page, watch } = await open(browser, t, v, { bypassCSP: true });
    await t.step(`${v} hostile widget`, async () => {
      await page.goto(`${env.POLIS_PARTNER_URL}/partenaire-hostile.html`);
      const input = page.locator('[data-polis-search] input[type="search"]');
      await input.fill('piege');
      await input.press('Enter');
      await page.locator('.polis-w-hit').first().waitFor({ state: 'visible' });
      await page.waitForTimeout(300);
      const text = await checkPage(t, page, `${v} hostile widget`, '[data-polis-search]');
      t.ok(text.includes(SCRIPT), `${v} hostile widget: "${SCRIPT}" shows as text`);
      t.ok(text.includes(IMG), `${v} hostile widget: '${IMG}' shows as text`);
      const hrefs = await page.locator('.polis-w-hit .polis-w-title').evaluateAll((els) =>
        els.map((e) => e.getAttribute('href')));
      const polis = new URL(env.POLIS_HOSTILE_URL).origin;
      t.ok(hrefs.length > 0 && hrefs.every((h) => h && /^https?:\/\//.test(h)) &&
        hrefs.some((h) => h.startsWith(`${polis}/doc/`)),
      `${v} hostile widget: a javascript: URL is no link: that title links to its notice`, hrefs);
      await shot(page, `${v}-hostile-widget-01-results`);
    });
    await clean(t, page, watch, `${v} hostile widget`);
    await context.close();
  }
}
