// First analysis of a large input in Chromium: how long from pasting a file
// to the page's updated results (issue 14: a dump of 10,000 objects, first
// analysis under 1 s). Prints the page's own timings (compute, render,
// total; window.__svcdnsTimings) per run.
// usage: node first-analysis.mjs DIST FILE [RUNS=3]
import { readFileSync } from 'node:fs';
import { serveDist, DEFAULT_DIST } from './lib/server.js';
import { launchChromium } from './lib/browser.js';
import { paste } from './lib/page.js';
const [dist = DEFAULT_DIST, file, runs = '3'] = process.argv.slice(2);
if (!file) throw new Error('usage: node first-analysis.mjs DIST FILE [RUNS]');
const body = readFileSync(file, 'utf8');
const srv = await serveDist(dist);
const browser = await launchChromium();
for (let i = 0; i < Number(runs); i++) {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 800 } })).newPage();
  await page.goto(srv.url);
  await page.waitForSelector('#manifest');
  const t0 = Date.now();
  await paste(page, body, 120_000);
  const wall = Date.now() - t0;
  const t = await page.evaluate(() => ({ ...window.__svcdnsTimings }));
  const heap = await page.evaluate(() => performance.memory?.usedJSHeapSize ?? 0);
  console.log(JSON.stringify({ bytes: body.length, objects: t.objects, compute: t.compute, render: t.render, total: t.total, wall, heapMB: Math.round(heap / 1e6) }));
  await page.context().close();
}
await browser.close(); await srv.close?.();
process.exit(0);
