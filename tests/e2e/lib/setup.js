// What every e2e file does before and after its tests: out/ for the
// screenshots, the playground served from dist/ on 127.0.0.1 (or an already
// running server given as BASE_URL, e.g. `trunk serve`), and Chromium.
//
//   let server; let browser; let base;
//   before(async () => ({ server, browser, base } = await startApp()));
//   after(() => stopApp({ server, browser }));
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { launchChromium } from './browser.js';
import { serveDist } from './server.js';

/** Where screenshots go (tests/e2e/out/). */
export const OUT = fileURLToPath(new URL('../out/', import.meta.url));
/** The repository's examples/. */
export const EXAMPLES = fileURLToPath(new URL('../../../examples/', import.meta.url));

/** Serve the playground and launch Chromium: { server (unset with BASE_URL), base, browser }. */
export async function startApp() {
  await mkdir(OUT, { recursive: true });
  let server;
  let base;
  if (process.env.BASE_URL) {
    base = new URL(process.env.BASE_URL);
  } else {
    server = await serveDist();
    base = new URL(server.url);
  }
  const browser = await launchChromium();
  return { server, base, browser };
}

/** Close what startApp opened (either may be unset if it failed halfway). */
export async function stopApp({ server, browser } = {}) {
  await browser?.close();
  await server?.close();
}
