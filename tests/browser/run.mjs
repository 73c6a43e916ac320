// run.mjs — the browser tests, as one TAP stream.
//
//   POLIS_URL=http://127.0.0.1:PORT            searchd on the corpus index
//   POLIS_HOSTILE_URL=http://127.0.0.1:PORT2   searchd on tests/browser/hostile
//   POLIS_PARTNER_URL=http://127.0.0.2:PORT3   a second origin serving
//       /partenaire.html and /partenaire-hostile.html (the widget's pages)
//   node tests/browser/run.mjs [search|nojs|notice|widget|hostile ...]
//
// tests/t/30-browser.t starts the three servers and runs this file; the
// screenshots go to test-output/browser/ (POLIS_SCREENSHOTS to change it).

import fs from 'node:fs';

import * as hostile from './hostile.mjs';
import { OUT, Tap, launch, screenshots } from './lib.mjs';
import * as nojs from './nojs.mjs';
import * as notice from './notice.mjs';
import * as search from './search.mjs';
import * as widget from './widget.mjs';

const SUITES = { search, nojs, notice, widget, hostile };

async function main() {
  const t = new Tap();
  const env = process.env;
  for (const name of ['POLIS_URL', 'POLIS_HOSTILE_URL', 'POLIS_PARTNER_URL']) {
    if (!env[name]) {
      console.log(`1..0 # SKIP ${name} is not set (run tests/t/30-browser.t)`);
      return 0;
    }
  }
  const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SUITES);
  fs.rmSync(OUT, { recursive: true, force: true });
  let browser;
  try {
    browser = await launch();
  } catch (err) {
    t.ok(false, 'chromium starts', String(err));
    return t.done();
  }
  t.ok(true, `chromium ${browser.version()} starts`);
  try {
    for (const name of wanted) {
      const suite = SUITES[name];
      if (!suite) {
        t.ok(false, `known suite ${name}`);
        continue;
      }
      for (const viewport of ['desktop', 'phone']) {
        await suite.run(t, browser, env, viewport);
      }
    }
  } finally {
    await browser.close();
  }
  t.diag(`screenshots in ${OUT}:`);
  for (const f of screenshots()) {
    t.diag(`  ${f}`);
  }
  return t.done();
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.log(`not ok - run.mjs raised\n#   ${String(err && err.stack ? err.stack : err).replace(/\n/g, '\n#   ')}`);
    process.exit(1);
  },
);
