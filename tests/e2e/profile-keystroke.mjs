// Profile keystroke → results in Chromium with the CDP sampling profiler:
// the page's own timings (median), then the functions that took the time
// (self and total). Function names need a wasm built with its name section
// (wasm-opt -g); a release build shows wasm-function[N].
// usage: node profile-keystroke.mjs DIST [OBJECTS=100] [KEYS=9]
// PROFILE=0 measures without the profiler (its sampling slows the page).
// KEY=char or KEY=newline types only that key (default: alternate them).
// LESSON=ID opens that lesson first (its panel checks every keystroke).
// writes out/keystroke.cpuprofile (open it in Chromium's DevTools).
import { serveDist, DEFAULT_DIST } from './lib/server.js';
import { OUT } from './lib/setup.js';
import { launchChromium } from './lib/browser.js';
import { manifest } from './lib/generate.js';
import { paste } from './lib/page.js';
import { mkdirSync, writeFileSync } from 'node:fs';
const [dist = DEFAULT_DIST, n = '100', keys = '9'] = process.argv.slice(2);
const srv = await serveDist(dist);
const browser = await launchChromium();
const page = await (await browser.newContext({ viewport: { width: 1100, height: 800 } })).newPage();
page.on('console', (m) => console.log('console', m.type(), m.text()));
await page.goto(srv.url);
await page.waitForSelector('#manifest');
if (process.env.LESSON) {
  await page.locator('details.lessons > summary').click();
  await page.locator(`button[data-lesson="${process.env.LESSON}"]`).click();
  await page.locator('#lesson-check').waitFor();
}
const body = manifest(Number(n));
await paste(page, body);
if (process.env.LESSON) await page.locator('#lesson-check').waitFor();
const profiling = process.env.PROFILE !== '0';
const cdp = await page.context().newCDPSession(page);
if (profiling) {
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
}
const editor = page.locator('#manifest');
const key = (i) => ({ char: '#', newline: '\n' })[process.env.KEY] ?? (i % 2 ? '\n' : '#');
const samples = [];
for (let i = 0; i < Number(keys); i++) {
  const rev = await page.evaluate(() => window.__svcdnsTimings.rev);
  await editor.press('Control+End');
  await editor.pressSequentially(key(i));
  await page.waitForFunction((r) => window.__svcdnsTimings.rev > r, rev);
  samples.push(await page.evaluate(() => ({ ...window.__svcdnsTimings })));
}
const med = (k) => samples.map((s) => s[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
console.log(JSON.stringify({ objects: samples[0].objects, compute: med('compute'), render: med('render'), total: med('total') }));
if (!profiling) {
  await browser.close(); await srv.close?.();
  process.exit(0);
}
const { profile } = await cdp.send('Profiler.stop');
// Self and total time per function.
const byId = new Map(profile.nodes.map((nd) => [nd.id, nd]));
const parent = new Map();
for (const nd of profile.nodes) for (const c of nd.children ?? []) parent.set(c, nd.id);
const selfT = new Map(), totT = new Map();
const dt = profile.timeDeltas; let total = 0;
profile.samples.forEach((id, i) => {
  const d = dt[i] ?? 0; total += d;
  const nd = byId.get(id); const name = nd.callFrame.functionName || '(anon)';
  if (name === '(idle)' || name === '(program)') return;
  selfT.set(name, (selfT.get(name) ?? 0) + d);
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const nm = byId.get(cur).callFrame.functionName || '(anon)';
    if (seen.has(nm)) continue; seen.add(nm);
    totT.set(nm, (totT.get(nm) ?? 0) + d);
  }
});
const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 45).map(([k, v]) => `${(v / 1000).toFixed(1).padStart(8)} ms  ${k.slice(0, 140)}`).join('\n');
console.log('--- self\n' + top(selfT) + '\n--- total\n' + top(totT));
mkdirSync(OUT, { recursive: true });
writeFileSync(`${OUT}keystroke.cpuprofile`, JSON.stringify(profile));
await browser.close(); await srv.close?.();
process.exit(0);
