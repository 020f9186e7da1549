// Share links, end to end in Chromium: the state lives in the URL fragment
// (v1; v2 when it carries the cluster profile; crates/svcdns-state); a link opened in a fresh page restores the same
// screen; broken links (corrupt, truncated, from a newer svcdns, huge) give a
// clear message and an empty, working playground; nothing leaves the origin.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openRecordedPage } from './lib/browser.js';
import { assertClean } from './lib/page.js';
import { EXAMPLES, OUT, startApp, stopApp } from './lib/setup.js';

let server;
let browser;
let base;

before(async () => ({ server, browser, base } = await startApp()));
after(() => stopApp({ server, browser }));


/** What "the same screen" means: everything the state drives, as shown. */
async function screen(page) {
  return page.evaluate(() => ({
    manifest: document.querySelector('textarea#manifest')?.value,
    tab: document.querySelector('[role=tab][aria-selected=true]')?.id,
    query: document.querySelector('#query-name')?.value ?? null,
    type: document.querySelector('#query-type')?.value ?? null,
    panel: document.querySelector('[role=tabpanel]')?.innerText.replace(/computed in [\d.]+ ms.*$/m, ''),
    theme: document.documentElement.getAttribute('data-theme'),
  }));
}

test('a share link restores the same screen in a fresh page', async () => {
  const { context, page, log } = await openRecordedPage(browser, base.origin);
  try {
    await page.goto(base.href, { waitUntil: 'load' });
    const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
    await editor.waitFor({ timeout: 15_000 });
    const entries = await page.evaluate(() => history.length);
    await editor.fill(await readFile(EXAMPLES + 'mysql-statefulset.yaml', 'utf8'));
    await page.locator('#tab-lookup').click();
    await page.locator('#query-name').fill('mysql-0.mysql');
    await page.locator('#query-type').selectOption('A');
    await page.locator('#query-ns').selectOption('default');
    await page.locator('#theme').click();
    await page.waitForFunction(() => /^#v1\./.test(location.hash) && /mysql-0\.mysql/.test(document.querySelector('#panel-lookup')?.innerText ?? ''));
    // The fragment follows the last change after share::SAVE_DELAY_MS
    // (250 ms) and an asynchronous compression: let it settle.
    await page.waitForTimeout(700);
    const link = page.url();
    const want = await screen(page);
    assert.match(want.panel, /mysql-0\.mysql\.default\.svc\.cluster\.local/);
    console.log(`share link for mysql-statefulset.yaml, lookup mysql-0.mysql: ${link.length - base.href.length - 1} characters of fragment`);
    await page.screenshot({ path: `${OUT}share-before.png`, fullPage: true });

    // A fresh browser context: nothing shared but the link.
    const fresh = await openRecordedPage(browser, base.origin);
    try {
      await fresh.page.goto(link, { waitUntil: 'load' });
      await fresh.page.waitForSelector('#tab-lookup[aria-selected="true"]', { state: 'attached', timeout: 15_000 });
      await fresh.page.waitForTimeout(200);
      assert.deepEqual(await screen(fresh.page), want);
      assert.equal(fresh.page.url(), link, 'the link is not rewritten on open');
      assert.equal(await fresh.page.locator('#share-error').count(), 0);
      await fresh.page.screenshot({ path: `${OUT}share-after.png`, fullPage: true });
      assertClean(fresh.log);
    } finally {
      await fresh.context.close();
    }
    // The fragment is written with replaceState: no history entries pile up.
    assert.equal(await page.evaluate(() => history.length), entries);
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('broken links: a clear message and an empty, working playground', async () => {
  // A real link to cut and to damage.
  const { context, page } = await openRecordedPage(browser, base.origin);
  await page.goto(base.href, { waitUntil: 'load' });
  await page.getByRole('textbox', { name: 'Manifest', exact: true }).waitFor({ timeout: 15_000 });
  await page.getByRole('textbox', { name: 'Manifest', exact: true }).fill(await readFile(EXAMPLES + 'kafka-headless.yaml', 'utf8'));
  await page.waitForFunction(() => /^#v1\./.test(location.hash));
  await page.waitForTimeout(200);
  const good = new URL(page.url()).hash.slice(1);
  await context.close();

  const cases = [
    { name: 'corrupt', fragment: good.slice(0, 40) + (good[40] === 'A' ? 'B' : 'A') + good.slice(41), message: /damaged/ },
    { name: 'not-a-link', fragment: 'v1.this-is-not*base64', message: /damaged/ },
    { name: 'truncated', fragment: good.slice(0, good.length - 9), message: /incomplete/ },
    { name: 'future', fragment: 'v3.' + good.slice(3), message: /newer svcdns \(link format v3/ },
    { name: 'huge', fragment: 'v1.' + 'A'.repeat(1024 * 1024 + 16), message: /too large/ },
  ];
  for (const c of cases) {
    const { context, page, log } = await openRecordedPage(browser, base.origin);
    try {
      await page.goto(`${base.href}#${c.fragment}`, { waitUntil: 'load' });
      const alert = page.locator('#share-error[role=alert]');
      await alert.waitFor({ timeout: 15_000 });
      const text = await alert.innerText();
      assert.match(text, c.message, c.name);
      assert.match(text, /opened empty/, c.name);
      const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
      assert.equal(await editor.inputValue(), '', `${c.name}: empty editor`);
      // The broken link stays in the address bar until the reader changes something.
      assert.equal(new URL(page.url()).hash.slice(1).length, c.fragment.length, `${c.name}: link kept`);
      if (c.name === 'truncated') await page.screenshot({ path: `${OUT}share-truncated.png`, fullPage: true });
      // Working: type a manifest, get answers.
      await editor.fill('apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  clusterIP: None\n  ports:\n  - port: 5432\n');
      await page.locator('#tab-lookup').click();
      await page.locator('#query-name').fill('db');
      await page.waitForFunction(() => /db\.default\.svc\.cluster\.local/.test(document.querySelector('#panel-lookup')?.innerText ?? ''), null, { timeout: 5_000 });
      await page.waitForFunction(() => /^#v1\./.test(location.hash) && !document.querySelector('#share-error'));
      assertClean(log);
    } finally {
      await context.close();
    }
  }
});

test('a fragment that is not a state (an anchor) is left alone', async () => {
  const { context, page, log } = await openRecordedPage(browser, base.origin);
  try {
    await page.goto(`${base.href}#manifest`, { waitUntil: 'load' });
    await page.getByRole('textbox', { name: 'Manifest', exact: true }).waitFor({ timeout: 15_000 });
    assert.equal(await page.locator('#share-error').count(), 0);
    assert.notEqual(await page.getByRole('textbox', { name: 'Manifest', exact: true }).inputValue(), '', 'the sample manifest');
    assertClean(log);
  } finally {
    await context.close();
  }
});
