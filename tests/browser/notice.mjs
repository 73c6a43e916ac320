// notice.mjs — what a documentalist does with a reference: find it, open its
// notice from the hit (a reference without a source URL links there), copy
// its citation, download it as RIS and BibTeX, download a search as the CSV
// French Excel opens, and read a bibliography's references in their order.

import fs from 'node:fs';

import { clean, lowContrast, open, shot } from './lib.mjs';

// A reference of corpus/biblio/bibliographie-developpement-economique-des-quartiers.md
// that names no URL: its hit must lead to its notice.
const QUERY = 'Mythes et réalités';
const TITLE = "L'économie des quartiers populaires. Mythes et réalités";
const BIBLIO = 'ressources-bibliographie-developpement-economique-des-quartiers';

async function noOverflow(t, page, label) {
  const [sw, iw] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  t.ok(sw <= iw, `${label}: nothing wider than the window (${sw} <= ${iw})`);
}

/** Click a download link; the file's name and text. */
async function download(page, locator) {
  const [dl] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const file = await dl.path();
  return { name: dl.suggestedFilename(), bytes: fs.readFileSync(file) };
}

export async function run(t, browser, env, viewport) {
  const base = env.POLIS_URL;
  const v = viewport;
  const { context, page, watch } = await open(browser, t, v);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(base).origin });

  await t.step(`${v} notice: from a hit to the notice`, async () => {
    await page.goto(`${base}/search?q=${encodeURIComponent(QUERY)}`);
    const hit = page.locator('.hit', { hasText: 'Mythes et réalités' }).first();
    const link = hit.locator('.hit-title a');
    const href = await link.getAttribute('href');
    t.ok(href && href.startsWith('/doc/'), `${v} notice: a reference without URL: its title links to its notice`, href);
    t.ok((await hit.locator('.hit-by').textContent()).includes('FERRAND Olivier'),
      `${v} notice: the hit names its author`);
    await link.click();
    await page.waitForURL((u) => u.pathname.startsWith('/doc/'));
    t.is(await page.locator('h1.doc-title').textContent(), TITLE, `${v} notice: the notice opens with the title`);
    t.ok((await page.title()).startsWith(TITLE), `${v} notice: the window title is the document's`);
    const fields = await page.locator('.doc-fields').textContent();
    t.ok(fields.includes('Type de document') && fields.includes('Ouvrage') && fields.includes('La Découverte'),
      `${v} notice: its type de document and publisher`, fields);
    const parent = page.locator('.doc-fields a.doc-parent');
    t.is(await parent.getAttribute('href'), `/doc/${BIBLIO}`, `${v} notice: it names its bibliography`);
    t.is(await page.getAttribute('link[rel="alternate"][type="application/atom+xml"]', 'href'), '/feed.atom',
      `${v} notice: <link rel="alternate"> to the feed in its head`);
    t.is(await page.locator('main h1').count(), 1, `${v} notice: one h1`);
    const low = await lowContrast(page);
    t.ok(low.length === 0, `${v} notice: every text has AA contrast`, low.join('\n'));
    await noOverflow(t, page, `${v} notice`);
    await shot(page, `${v}-notice-01-reference`, true);
  });

  await t.step(`${v} notice: copy the citation`, async () => {
    const citation = (await page.locator('#citation').textContent()).replace(/\s+/g, ' ').trim();
    t.ok(citation.startsWith('FERRAND, Olivier, 2014. ') && citation.includes('La Découverte'),
      `${v} notice: an ISO 690 citation, family name in capitals`, citation);
    const button = page.locator('button.copy');
    t.ok(await button.isVisible(), `${v} notice: "Copier la citation" shows with JavaScript`);
    await button.click();
    await page.waitForFunction(() => /copiée/.test(document.querySelector('.copy-status').textContent));
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    t.is(copied, citation, `${v} notice: the clipboard holds the citation`);
    t.is(await page.locator('.copy-status').getAttribute('aria-live'), 'polite',
      `${v} notice: the copy is announced (aria-live)`);
  });

  await t.step(`${v} notice: download RIS and BibTeX`, async () => {
    const ris = await download(page, page.locator('.cite a.export-ris'));
    const text = ris.bytes.toString('utf8');
    t.ok(ris.name.endsWith('.ris'), `${v} notice: a .ris file`, ris.name);
    t.ok(text.startsWith('TY  - BOOK\r\n') && text.includes('AU  - Ferrand, Olivier\r\n') &&
      text.includes(`TI  - ${TITLE}\r\n`) && text.includes('PB  - La Découverte\r\n') &&
      text.includes('PY  - 2014\r\n') && !text.includes('UR  - '), `${v} notice: the RIS record (no UR: a printed book)`, text);
    const bib = await download(page, page.locator('.cite a.export-bibtex'));
    const btext = bib.bytes.toString('utf8');
    t.ok(bib.name.endsWith('.bib'), `${v} notice: a .bib file`, bib.name);
    t.ok(btext.startsWith('@book{') && btext.includes('author = {Ferrand, Olivier}') &&
      btext.includes('publisher = {La Découverte}'), `${v} notice: the BibTeX entry`, btext);
  });

  await t.step(`${v} notice: an article's journal, volume, issue, pages and DOI`, async () => {
    await page.goto(`${base}/doc/doi-10-3917-spub-204-0411`);
    const fields = await page.locator('.doc-fields').evaluate((dl) =>
      Array.from(dl.querySelectorAll('dt')).map((dt) => [dt.textContent, dt.nextElementSibling.textContent]));
    const get = (k) => (fields.find(([dt]) => dt === k) || [])[1];
    t.ok(get('Revue') === 'Santé publique' && get('Volume') === '32' && get('Numéro') === '4' &&
      get('Pages') === '411-420' && get('DOI') === '10.3917/spub.204.0411',
    `${v} notice: Revue, Volume, Numéro, Pages, DOI`, fields);
    const doiHref = await page.locator('.doc-fields dt', { hasText: /^DOI$/ }).evaluate((dt) => {
      const a = dt.nextElementSibling.querySelector('a');
      return a && a.getAttribute('href');
    });
    t.is(doiHref, 'https://doi.org/10.3917/spub.204.0411', `${v} notice: the DOI is a link to doi.org`);
    const citation = (await page.locator('#citation').textContent()).trim();
    t.ok(citation.includes('Santé publique. Vol. 32, n° 4, p. 411-420. DOI 10.3917/spub.204.0411.'),
      `${v} notice: the citation gives them as ISO 690 does`, citation);
    t.is(await page.locator('#citation i').first().textContent(), 'Santé publique',
      `${v} notice: the journal's title in italics`);
    const low = await lowContrast(page);
    t.ok(low.length === 0, `${v} notice (article): every text has AA contrast`, low.join('\n'));
    await noOverflow(t, page, `${v} article notice`);
    await shot(page, `${v}-notice-03-article`, true);
    await page.goBack();
  });

  await t.step(`${v} notice: a bibliography lists its references in order`, async () => {
    await page.locator('.doc-fields a.doc-parent').click();
    await page.waitForURL(`${base}/doc/${BIBLIO}`);
    const refs = page.locator('ol.refs > li');
    t.is(await refs.count(), 13, `${v} notice: the bibliography's 13 references`);
    t.is(await refs.first().locator('.ref-title').textContent(), 'Les quartiers prioritaires face à la crise',
      `${v} notice: in the page's order (the first entry first)`);
    t.is(await refs.first().locator('.ref-title').getAttribute('href'), '/doc/isbn-9782810903122',
      `${v} notice: each links to its notice`);
    t.ok((await page.locator('.cite-what').textContent()).includes('13 références'),
      `${v} notice: its exports are its references`);
    await noOverflow(t, page, `${v} bibliography notice`);
    await shot(page, `${v}-notice-02-bibliography`);
  });

  await t.step(`${v} notice: download a search as CSV for French Excel`, async () => {
    await page.goto(`${base}/search?q=${encodeURIComponent('développement économique')}`);
    const csv = await download(page, page.locator('.exports a.export-csv-fr'));
    t.ok(csv.name.endsWith('.csv'), `${v} notice: a .csv file`, csv.name);
    t.ok(csv.bytes[0] === 0xef && csv.bytes[1] === 0xbb && csv.bytes[2] === 0xbf,
      `${v} notice: the CSV starts with a UTF-8 byte order mark`);
    const lines = csv.bytes.toString('utf8').slice(1).split('\r\n');
    t.ok(lines[0].startsWith('identifiant;nature;titre;auteurs;'), `${v} notice: French column names, ';'`, lines[0]);
    const total = parseInt((await page.locator('#status strong').textContent()).replace(/\D/g, ''), 10);
    t.is(lines.filter((l) => l !== '').length - 1, total, `${v} notice: every result is a row (${total})`);
  });

  await clean(t, page, watch, `${v} notice`);
  await context.close();
}
