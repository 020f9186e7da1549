// Launch Debian's Chromium (/usr/bin/chromium) headless through playwright-core.
// No browser is downloaded. The flags keep Chromium's own background traffic
// (component updates, sync, safe browsing, QUIC probes...) from leaving the box.
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * Open a page that records what it does: console messages, page errors, and
 * every request. Requests that would leave `origin` are recorded and aborted,
 * so a test failure never comes with real outbound traffic.
 */
export async function openRecordedPage(browser, origin) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  const log = { console: [], errors: [], requests: [], offOrigin: [], failed: [] };
  page.on('console', (m) => log.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('request', (r) => log.requests.push(r.url()));
  page.on('requestfailed', (r) => log.failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin || url.startsWith('data:')) return route.continue();
    log.offOrigin.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, page, log };
}
