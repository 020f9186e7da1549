// Keystroke latency at 1,000 objects for the manifest shapes of issue 18
// item 11, per view: the page's own timings (window.__svcdnsTimings).
// usage: node shapes-keystroke.mjs [DIST=../../dist] [KEYS=15] [VIEWS=Compare] [PROFILE=]
import { serveDist } from './lib/server.js';
import { launchChromium } from './lib/browser.js';
import * as gen from './lib/generate.js';
import { paste } from './lib/page.js';
import { writeFile } from 'node:fs/promises';
const [dist, keys = '15', views = 'Compare', profile = ''] = process.argv.slice(2);
const browser = await launchChromium();
const srv = await serveDist(dist);
const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
await page.goto(srv.url);
await page.waitForSelector('#manifest');
const all = { statefulSetHeavy: gen.statefulSetHeavy, serviceHeavy: gen.serviceHeavy, clusterDump: gen.clusterDump, dumpList: gen.clusterDumpList, mixed: gen.manifest };
const shapes = process.env.SHAPES ? Object.fromEntries(process.env.SHAPES.split(",").map((k) => [k, all[k]])) : all;
for (const [shape, make] of Object.entries(shapes)) {
  await paste(page, make(1000), 60_000);
  for (const v of views.split(',')) {
    await page.locator(`#tab-${v.toLowerCase()}`).click();
    await page.waitForTimeout(300);
    const ed = page.locator('#manifest');
    await ed.press('Control+End');
    const s = [];
    let cdp;
    if (profile && profile === shape) {
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
    }
    for (let i = 0; i < Number(keys); i++) {
      const rev = await page.evaluate(() => window.__svcdnsTimings.rev);
      await ed.pressSequentially(i % 2 ? '\n' : '#');
      await page.waitForFunction((r) => window.__svcdnsTimings.rev > r, rev, { timeout: 30_000 });
      s.push(await page.evaluate(() => ({ ...window.__svcdnsTimings })));
    }
    if (cdp) {
      const { profile: p } = await cdp.send('Profiler.stop');
      await writeFile(`/tmp/perf/${shape}-${v}.cpuprofile`, JSON.stringify(p));
    }
    const med = (k) => s.map((x) => x[k]).sort((a, b) => a - b)[s.length >> 1].toFixed(1);
    console.log(shape.padEnd(17), v.padEnd(12), `objects ${s[0].objects} compute ${med('compute')} render ${med('render')} total ${med('total')}`);
  }
}
await browser.close(); await srv.close?.(); process.exit(0);
