// Page helpers shared by the tests and the measuring scripts.

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
