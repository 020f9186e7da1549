// A/B keystroke latency of two builds in one Chromium: both pages open side
// by side, keystrokes interleaved (A then B, B then A) so that machine noise
// falls on both alike. Prints q25/median/q75 of the page's own timings
// (window.__svcdnsTimings: compute, render, total, in ms) for typed
// characters and for newlines separately.
// usage: node ab-keystroke.mjs DIST_A DIST_B [OBJECTS=100] [KEYS=40]
// (a DIST is a `trunk build --release` output directory; copy the first
// aside before building the second)
import { serveDist } from './lib/server.js';
import { launchChromium } from './lib/browser.js';
import { manifest } from './lib/generate.js';
import { paste } from './lib/page.js';
const [da, db, n = '100', keys = '40'] = process.argv.slice(2);
const browser = await launchChromium();
const body = manifest(Number(n));
async function open(dist) {
  const srv = await serveDist(dist);
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
  await page.goto(srv.url);
  await page.waitForSelector('#manifest');
  await paste(page, body);
  await page.locator('#manifest').press('Control+End');
  return { page, srv, s: [] };
}
const P = [await open(da), await open(db)];
for (let i = 0; i < Number(keys); i++) for (const p of (i % 2 ? P : [...P].reverse())) {
  await p.page.bringToFront();
  const rev = await p.page.evaluate(() => window.__svcdnsTimings.rev);
  await p.page.locator('#manifest').pressSequentially((i >> 1) % 2 ? '\n' : '#');
  await p.page.waitForFunction((r) => window.__svcdnsTimings.rev > r, rev);
  p.s.push({ ...(await p.page.evaluate(() => ({ ...window.__svcdnsTimings }))), nl: (i >> 1) % 2 });
}
const q = (a, f) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(f * (s.length - 1))].toFixed(1); };
for (const [name, p] of [['A', P[0]], ['B', P[1]]]) {
  for (const nl of [0, 1]) {
    const out = {};
    for (const k of ['compute', 'render', 'total']) { const v = p.s.filter((x) => x.nl === nl).map((x) => x[k]); out[k] = `${q(v, 0.25)}/${q(v, 0.5)}/${q(v, 0.75)}`; }
    console.log(name, nl ? 'newline' : 'char   ', 'q25/med/q75', JSON.stringify(out));
  }
}
await browser.close(); process.exit(0);
