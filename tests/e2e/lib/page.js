// Page helpers shared by the tests and the measuring scripts.

import assert from 'node:assert/strict';

// Paste `text` into the manifest editor (one input event with the whole
// text, as a paste gives) and wait until the page has computed it.
export async function paste(page, text, timeout = 30_000) {
  await page.evaluate((b) => {
    const t = document.querySelector('#manifest');
    t.value = b;
    t.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
  await page.waitForFunction((len) => window.__svcdnsTimings?.bytes === len, text.length, { timeout });
}

// The page did nothing wrong: no console errors or warnings, no uncaught
// page errors, no request that would leave the page's origin.
export function assertClean(log, what = '') {
  const problems = log.console.filter((m) => m.type === 'error' || m.type === 'warning');
  assert.deepEqual(problems, [], `console errors or warnings ${what}`);
  assert.deepEqual(log.errors, [], `uncaught page errors ${what}`);
  assert.deepEqual(log.offOrigin, [], `requests that would leave the page origin ${what}`);
}
