// End-to-end: strings from a manifest are rendered as text, never as markup.
// Names, labels and annotations carrying <script>, an onerror attribute and
// right-to-left override characters go through every view; nothing runs,
// no element is injected, and the text shows up literally.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openRecordedPage } from './lib/browser.js';
import { startApp, stopApp } from './lib/setup.js';

let server;
let browser;
let base;

before(async () => ({ server, browser, base } = await startApp()));
after(() => stopApp({ server, browser }));

const RLO = '\u202e';
const HOSTILE = `apiVersion: v1
kind: Service
metadata:
  name: "<script>window.__pwned=1</script>"
  labels:
    x: "\\"><img src=x onerror=window.__pwned=2>"
  annotations:
    note: "${RLO}gnp.exe <b>bold</b>"
spec:
  clusterIP: None
  selector:
    app: "<img src=x onerror=window.__pwned=3>"
  ports:
  - name: "<svg onload=window.__pwned=4>"
    port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: "\\"onerror=window.__pwned=5"
  ports:
  - port: 80
`;

test('hostile names, labels and annotations are shown as text in every view', async () => {
  const { context, page, log } = await openRecordedPage(browser, base.origin);
  try {
    let dialogs = 0;
    page.on('dialog', (d) => { dialogs += 1; d.dismiss(); });
    await page.goto(base.href, { waitUntil: 'load' });
    const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForFunction(() => window.__svcdnsTimings?.rev >= 1);
    const before = await page.evaluate(() => document.querySelectorAll('script, img, svg [onload], [onerror]').length);
    await editor.fill(HOSTILE);
    await page.waitForFunction(() => /script/.test(document.body.innerText));
    for (const name of ['Compare', 'Lookup', 'Zone', 'StatefulSets', 'Problems']) {
      await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
      await page.waitForSelector(`#panel-${name.toLowerCase()}`);
    }
    // The API server's error names the bad Service name: shown literally.
    await page.waitForFunction(() => document.body.innerText.includes('<script>window.__pwned=1</script>'));
    const after = await page.evaluate(() => document.querySelectorAll('script, img, svg [onload], [onerror]').length);
    assert.equal(after, before, 'no element was injected');
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing from the manifest ran');
    assert.equal(dialogs, 0);
    assert.deepEqual(log.errors, [], 'no uncaught page errors');
    assert.deepEqual(log.offOrigin, [], 'no request left the origin');
  } finally {
    await context.close();
  }
});
