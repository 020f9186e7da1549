// End-to-end: the release build in dist/, served on 127.0.0.1, in headless Chromium.
// Run: (cd tests/e2e && npm test), after `trunk build --release --offline --locked`.
// BASE_URL=http://127.0.0.1:8080/ tests an already running server instead (e.g. trunk serve).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openRecordedPage } from './lib/browser.js';
import { OUT, startApp, stopApp } from './lib/setup.js';

let server;
let browser;
let base;

before(async () => ({ server, browser, base } = await startApp()));
after(() => stopApp({ server, browser }));

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
    assert.equal(await summary.textContent(), '3 objects, 0 errors');
    assert.match(await page.locator('#warnings').textContent(), /^\d+ warnings?$/);

    const ns = (name) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
    const until = (text) =>
      page.waitForFunction((t) => document.querySelector('#summary')?.textContent === t, text, { timeout: 5_000 });

    // Replace the text: three Namespaces.
    await editor.fill([ns('a'), ns('b'), ns('c')].join('---\n'));
    await until('3 objects, 0 errors');

    // Type key by key, as a person types into an editor that keeps the
    // indentation on Enter ("metadata:" then Enter indents the next line):
    // a fourth object, then a syntax error, then fix it.
    await editor.press('Control+End');
    await editor.pressSequentially('---\napiVersion: v1\nkind: Namespace\nmetadata:\nname: d\n');
    await until('4 objects, 0 errors');
    assert.match(await editor.inputValue(), /\nmetadata:\n  name: d\n  $/);
    await editor.press('Shift+Home'); // the kept indentation, replaced by what is typed
    await editor.pressSequentially('---\nkind: [Broken\n');
    await until('4 objects, 1 error');
    assert.match(await page.locator('#editor-problems .diag.error .msg').first().textContent(), /\bline 2[12]\b/);
    await page.screenshot({ path: `${OUT}error.png`, fullPage: true });

    await editor.press('Backspace');
    await editor.pressSequentially(']\n');
    // Valid YAML again; `kind: [Broken]` is not an API object, so the core
    // reports that instead. The syntax error itself is gone.
    await page.waitForFunction(() => !/flow sequence/.test(document.querySelector('#editor-problems .diag.error .msg')?.textContent ?? ''));
    await editor.fill([ns('a'), ns('b'), ns('c'), ns('d'), ns('e')].join('---\n'));
    await until('5 objects, 0 errors');
    assert.equal(await page.locator('#editor-problems .diag.error').count(), 0);
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
