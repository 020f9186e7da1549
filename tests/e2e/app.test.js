// End-to-end: the release build in dist/, served on 127.0.0.1, in headless Chromium.
// Run: (cd tests/e2e && npm test), after `trunk build --release --offline --locked`.
// BASE_URL=http://127.0.0.1:8080/ tests an already running server instead (e.g. trunk serve).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium, openRecordedPage } from './lib/browser.js';
import { serveDist } from './lib/server.js';

const OUT = fileURLToPath(new URL('./out/', import.meta.url));

let server;
let browser;
let base;

before(async () => {
  await mkdir(OUT, { recursive: true });
  if (process.env.BASE_URL) {
    base = new URL(process.env.BASE_URL);
  } else {
    server = await serveDist();
    base = new URL(server.url);
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('page loads, stays on its origin, and updates as the manifest is typed', async () => {
  const { context, page, log } = await openRecordedPage(browser, base.origin);
  try {
    const response = await page.goto(base.href, { waitUntil: 'load' });
    assert.equal(response.status(), 200);
    assert.match(await page.title(), /svcdns/);

    const editor = page.getByRole('textbox', { name: 'Manifest', exact: true });
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
    const summary = page.locator('#summary');
    await assert.doesNotReject(summary.waitFor({ timeout: 15_000 }));
    assert.equal(await summary.textContent(), '2 YAML documents, 0 errors');

    // Replace the text: three documents.
    await editor.fill('apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n---\nkind: Pod\n---\nkind: Namespace\n');
    await page.waitForFunction(
      () => document.querySelector('#summary')?.textContent === '3 YAML documents, 0 errors',
      null,
      { timeout: 5_000 },
    );

    // Type key by key: a fourth document, then a syntax error, then fix it.
    await editor.press('Control+End');
    await editor.pressSequentially('---\nkind: Secret\n');
    await page.waitForFunction(
      () => document.querySelector('#summary')?.textContent === '4 YAML documents, 0 errors',
    );
    await editor.pressSequentially('---\nkind: [Broken\n');
    await page.waitForFunction(() => /\b1 error\b/.test(document.querySelector('#summary')?.textContent ?? ''));
    assert.match(await page.locator('#first-error').textContent(), /line 13\b/);
    await page.screenshot({ path: `${OUT}error.png`, fullPage: true });

    await editor.press('Backspace');
    await editor.pressSequentially(']\n');
    await page.waitForFunction(
      () => document.querySelector('#summary')?.textContent === '5 YAML documents, 0 errors',
    );
    assert.equal(await page.locator('#first-error').count(), 0);
    await page.screenshot({ path: `${OUT}app.png`, fullPage: true });

    // What the page did.
    const consoleErrors = log.console.filter((m) => m.type === 'error' || m.type === 'warning');
    assert.deepEqual(consoleErrors, [], 'console errors or warnings');
    assert.deepEqual(log.errors, [], 'uncaught page errors');
    assert.deepEqual(log.offOrigin, [], 'requests that would leave the page origin');
    assert.deepEqual(log.failed, [], 'failed requests');
    for (const url of log.requests) {
      assert.ok(url.startsWith(base.origin + '/') || url.startsWith('data:'), `request off origin: ${url}`);
    }
    assert.ok(log.requests.some((u) => u.endsWith('.wasm')), `the wasm was fetched: ${log.requests.join(', ')}`);
    if (server) {
      assert.ok(server.requests.every((r) => !r.includes('favicon')), `favicon requested: ${server.requests}`);
    }
  } finally {
    await context.close();
  }
});
