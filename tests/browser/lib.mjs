// lib.mjs — what the browser tests share: TAP output, Debian's chromium
// driven by playwright-core, screenshots, and checks every page must pass.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
export const OUT = path.resolve(process.env.POLIS_SCREENSHOTS || path.join(ROOT, 'test-output', 'browser'));

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 740 },
};

// The Content-Security-Policy every page must carry (design: issue 6).
export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
  "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

/** Numbered TAP checks; the plan is printed by done(). */
export class Tap {
  constructor() {
    this.n = 0;
    this.failed = 0;
  }

  ok(cond, name, diag) {
    this.n += 1;
    const line = `${cond ? '' : 'not '}ok ${this.n} - ${name.replace(/\n/g, ' ')}`;
    console.log(line);
    if (!cond) {
      this.failed += 1;
      if (diag !== undefined) {
        this.diag(typeof diag === 'string' ? diag : JSON.stringify(diag, null, 1));
      }
    }
    return !!cond;
  }

  is(got, want, name) {
    return this.ok(got === want, name, `got:  ${JSON.stringify(got)}\nwant: ${JSON.stringify(want)}`);
  }

  diag(msg) {
    for (const l of String(msg).split('\n')) {
      console.log(`#   ${l}`);
    }
  }

  /** Run one step; an exception (a wait that timed out...) is a failure
   * of that step, and the next steps still run. */
  async step(name, fn) {
    try {
      await fn();
    } catch (err) {
      this.ok(false, `${name}: no exception`, String(err && err.stack ? err.stack : err));
    }
  }

  done() {
    console.log(`1..${this.n}`);
    return this.failed === 0 && this.n > 0 ? 0 : 1;
  }
}

/** Debian's chromium, headless.  playwright-core gives every launch a
 * fresh temporary profile (its own --user-data-dir, removed on close; it
 * refuses one in args), so no state leaks between runs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A context and page at a viewport, with what every test watches: page
 * errors, console errors, CSP violations, dialogs (a dialog is always a
 * failure: nothing on these pages opens one). */
export async function open(browser, t, viewport, options = {}) {
  const context = await browser.newContext({
    viewport: VIEWPORTS[viewport],
    locale: 'fr-FR',
    javaScriptEnabled: options.javaScriptEnabled !== false,
    // The hostile test turns the page's CSP off, so that a string that
    // escaped the encoder would really run and be caught, not just blocked.
    bypassCSP: !!options.bypassCSP,
    deviceScaleFactor: 1,
  });
  context.setDefaultTimeout(10000);
  // Source sites are not reachable from the test machine: a result's link
  // lands on a stub that says which URL was asked for.
  await context.route(/^https?:\/\/(www\.)?(irev\.fr|doi\.org|goo\.gl)\//, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!DOCTYPE html><title>Source</title><h1>Page de la source (bouchon de test)</h1>',
    }));
  const page = await context.newPage();
  const watch = { errors: [], dialogs: [], csp: [] };
  page.on('pageerror', (err) => watch.errors.push(String(err)));
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      watch.errors.push(msg.text());
    }
  });
  page.on('dialog', async (dialog) => {
    watch.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    t.ok(false, `no dialog opens (${dialog.type()} "${dialog.message()}")`);
    await dialog.dismiss().catch(() => {});
  });
  if (options.javaScriptEnabled !== false) {
    // Recorded by the page itself, so violations of a policy set by
    // a header are caught however chromium reports them.
    await context.addInitScript(() => {
      window.__polisCsp = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__polisCsp.push(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
  }
  return { context, page, watch };
}

let shots = [];

/** Save a screenshot as test-output/browser/NAME.png. */
export async function shot(page, name, fullPage = false) {
  fs.mkdirSync(OUT, { recursive: true });
  const file = path.join(OUT, `${name}.png`);
  await page.screenshot({ path: file, fullPage });
  shots.push(file);
  return file;
}

export function screenshots() {
  return shots.slice();
}

/** The checks every page must pass after a flow. */
export async function clean(t, page, watch, label) {
  t.ok(watch.errors.length === 0, `${label}: no script error or console error`, watch.errors.join('\n'));
  const csp = await page.evaluate(() => window.__polisCsp || []).catch(() => []);
  t.ok(csp.length === 0, `${label}: no Content-Security-Policy violation`, csp.join('\n'));
  t.ok(watch.dialogs.length === 0, `${label}: no dialog opened`, watch.dialogs.join('\n'));
}

/** The number in the status line ("12 résultats ..."), or 0. */
export async function total(page) {
  const text = (await page.locator('#status').textContent()) || '';
  const m = /^([\d\s\u202f\u00a0]+)\s*(résultat|document)/.exec(text.trim());
  return m ? parseInt(m[1].replace(/\D/g, ''), 10) : 0;
}

/** The count shown beside a facet value. */
export async function facetCount(page, facet, value) {
  const box = page.locator(`input[name="${facet}"][value="${value}"]`);
  if ((await box.count()) === 0) {
    return null;
  }
  const id = await box.getAttribute('id');
  const text = await page.locator(`label[for="${id}"] .count`).textContent();
  return parseInt(text.replace(/\D/g, ''), 10);
}

/** Open the filter column when it is folded (phones, or no script). */
export async function showFilters(page) {
  const open = await page.locator('#filters-panel').evaluate((d) => d.open);
  const visible = await page.locator('#filters .facet').first().isVisible();
  if (!open && !visible) {
    await page.locator('#filters-summary').click();
  }
}

/** The published dates of the hits shown, in order. */
export async function hitDates(page) {
  return page.locator('.hit-meta time.published').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')));
}

/** Text whose contrast with what is behind it is under WCAG AA (4.5:1, or
 * 3:1 for large text: 24px, or 18.66px bold).  Visible elements with text
 * of their own only; the background is the first opaque one up the tree. */
export async function lowContrast(page) {
  return page.evaluate(() => {
    const parse = (c) => {
      const m = /rgba?\(([\d.]+), ([\d.]+), ([\d.]+)(?:, ([\d.]+))?\)/.exec(c);
      return m ? { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4] } : null;
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg && bg.a >= 0.99) {
          return bg;
        }
      }
      return { r: 255, g: 255, b: 255, a: 1 };
    };
    const bad = [];
    for (const el of document.body.querySelectorAll('*')) {
      const own = Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
      const rect = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!own || rect.width < 2 || rect.height < 2 || style.visibility === 'hidden' || el.closest('.sr')) {
        continue;
      }
      const fg = parse(style.color);
      const bg = background(el);
      const l1 = lum(fg);
      const l2 = lum(bg);
      const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
      const size = parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && parseInt(style.fontWeight, 10) >= 700);
      if (ratio < (large ? 3 : 4.5)) {
        bad.push(`${el.tagName.toLowerCase()}.${el.className} "${el.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1`);
      }
    }
    return bad;
  });
}
