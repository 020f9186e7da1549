// Embeds (issue 5), end to end in Chromium: a documentation page on ANOTHER
// origin (a second server on 127.0.0.1) includes svcdns-embed.js from the
// playground's origin and marks three YAML blocks; each becomes a live widget
// that renders, fits its content, answers its preset question, opens in the
// full playground with the same state, and logs nothing. Without JavaScript
// the YAML stays readable. Also: the repository's docs page, and the embed
// page's Content-Security-Policy measured (what it needs, what breaks without).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { EXAMPLES, OUT, startApp, stopApp } from './lib/setup.js';

let server; // the playground (dist/)
let host; // the documentation site, another origin
let browser;
let base;
let hostPage = '';

const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const example = async (f) => (await readFile(EXAMPLES + f, 'utf8')).replace(/^(#.*\n)+/, '');

before(async () => {
  ({ server, browser, base } = await startApp());
  const mysql = await example('mysql-statefulset.yaml');
  const rvh = await example('regular-vs-headless.yaml');
  const nodeport = await example('nodeport-headless-invalid.yaml');
  // A host page as a docs author would write it, with a strict CSP of its own.
  hostPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src ${base.origin}; frame-src ${base.origin}; style-src 'unsafe-inline'">
<title>Host docs page</title>
<style>body{font:16px/1.5 sans-serif;max-width:50rem;margin:1rem auto} pre{background:#eee;padding:.5rem}</style></head>
<body>
<h1>Some docs</h1>
<p>A StatefulSet pod by name:</p>
<pre class="svcdns" id="w-lookup" data-view="lookup" data-query="mysql-0.mysql" data-readonly>${escape(mysql)}</pre>
<p>SRV through the headless Service:</p>
<pre class="svcdns" id="w-srv" data-view="lookup" data-query="_http._tcp.my-headless-svc" data-type="SRV" data-style="dig">${escape(rvh)}</pre>
<p>The NodePort mistake:</p>
<pre class="svcdns" id="w-problems" data-view="problems">${escape(nodeport)}</pre>
<p>The end.</p>
<script src="${base.origin}/svcdns-embed.js" defer></script>
</body></html>`;
  host = createServer((req, res) => {
    const pages = { '/': hostPage, '/strict.html': hostPage.replace(`frame-src ${base.origin}`, "frame-src 'none'") };
    if (req.url in pages) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(pages[req.url]);
    } else res.writeHead(404).end();
  });
  await new Promise((ok) => host.listen(0, '127.0.0.1', ok));
});

after(async () => {
  await stopApp({ server, browser });
  await new Promise((ok) => (host ? host.close(ok) : ok()));
});

const hostOrigin = () => `http://127.0.0.1:${host.address().port}`;

/** A page whose requests may go to the given origins only (others aborted and recorded). */
async function recordedPage(origins, options = {}) {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 }, ...options });
  const page = await context.newPage();
  const log = { console: [], errors: [], offOrigin: [], requests: [] };
  page.on('console', (m) => log.console.push({ type: m.type(), text: m.text(), url: m.location()?.url }));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  await context.route('**/*', (route) => {
    const url = route.request().url();
    log.requests.push(url);
    if (origins.includes(new URL(url).origin) || url.startsWith('data:')) return route.continue();
    log.offOrigin.push(url);
    return route.abort('blockedbyclient');
  });
  return { context, page, log };
}

const WIDGETS = [
  { id: 'w-lookup', view: 'lookup', answer: /mysql-0\.mysql\.default\.svc\.cluster\.local\.\s+\d+\s+IN\s+A\s+10\.244\.\d+\.\d+/ },
  { id: 'w-srv', view: 'lookup', answer: /IN\s+SRV\s+0\s+\d+\s+8080\s+10-244-/ },
  { id: 'w-problems', view: 'problems', answer: /clusterIP|None|NodePort/ },
];

async function frameOf(page, id) {
  const iframe = page.locator(`#${id} + iframe.svcdns-embed`);
  await iframe.waitFor({ state: 'attached', timeout: 15_000 });
  return { iframe, frame: await (await iframe.elementHandle()).contentFrame() };
}

test('three widgets on another origin render, fit their content, answer, and open in the playground', async () => {
  const { context, page, log } = await recordedPage([hostOrigin(), base.origin]);
  try {
    await page.goto(hostOrigin() + '/', { waitUntil: 'load' });
    for (const w of WIDGETS) {
      // Live: the widget reported its height and the script hid the <pre>.
      await page.waitForSelector(`#${w.id}[data-svcdns-mounted="live"]`, { state: 'attached', timeout: 20_000 });
      assert.equal(await page.locator(`#${w.id}`).isHidden(), true, `${w.id}: <pre> hidden once live`);
      const { iframe, frame } = await frameOf(page, w.id);
      await iframe.scrollIntoViewIfNeeded();

      // Its preset view and question.
      await frame.waitForSelector(`#tab-${w.view}[aria-selected="true"]`, { state: 'attached', timeout: 10_000 });
      const body = await frame.locator(`#panel-${w.view}`).innerText();
      assert.match(body, w.answer, `${w.id}: answer`);

      // Fits its content: iframe height == the embed's content height.
      await page.waitForTimeout(300);
      const [outer, inner] = await Promise.all([
        iframe.evaluate((el) => el.getBoundingClientRect().height),
        frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height)),
      ]);
      assert.ok(outer > 120, `${w.id}: iframe height ${outer}`);
      assert.ok(Math.abs(outer - inner) <= 2, `${w.id}: iframe ${outer}px vs content ${inner}px`);
      assert.equal(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1), true, `${w.id}: no inner scrolling`);
    }
    // Chromium does not paint off-screen cross-origin frames: make the viewport the page.
    await page.setViewportSize({ width: 900, height: await page.evaluate(() => document.documentElement.scrollHeight) });
    await page.waitForTimeout(300);
    await page.screenshot({ path: `${OUT}embed-host.png`, fullPage: true });
    await page.setViewportSize({ width: 900, height: 900 });

    // Read-only where asked.
    const ro = (await frameOf(page, 'w-lookup')).frame;
    assert.notEqual(await ro.locator('textarea#manifest').getAttribute('readonly'), null, 'read-only manifest');

    // Editable: change the manifest, the widget re-answers and resizes.
    const { iframe, frame } = await frameOf(page, 'w-srv');
    const before = await iframe.evaluate((el) => el.getBoundingClientRect().height);
    const editor = frame.locator('textarea#manifest');
    const text = await editor.inputValue();
    await editor.fill(text.replace(/targetPort: 8080/g, 'targetPort: 9090').replace(/containerPort: 8080/, 'containerPort: 9090'));
    await frame.waitForFunction(() => /IN\s+SRV\s+0\s+\d+\s+9090\s/.test(document.querySelector('#panel-lookup')?.innerText ?? ''), null, { timeout: 5_000 });
    await editor.fill('kind: [broken\n');
    await page.waitForFunction(
      ([sel, h]) => Math.abs(document.querySelector(sel).getBoundingClientRect().height - h) > 5,
      ['#w-srv + iframe', before],
      { timeout: 5_000 },
    );
    const [outer, inner] = await Promise.all([
      iframe.evaluate((el) => el.getBoundingClientRect().height),
      frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height)),
    ]);
    assert.ok(Math.abs(outer - inner) <= 2, `after edit: iframe ${outer}px vs content ${inner}px`);
    await editor.fill(text);
    await frame.waitForFunction(() => /8080/.test(document.querySelector('#panel-lookup')?.innerText ?? ''), null, { timeout: 5_000 });

    // "Open in playground": the full playground, same state, on the playground's origin.
    await page.waitForTimeout(500); // the link follows the state 250 ms after the last change
    for (const w of WIDGETS) {
      const { frame } = await frameOf(page, w.id);
      const href = await frame.locator('#open-in-playground').getAttribute('href');
      assert.ok(href.startsWith(base.origin + '/#v1.'), href);
      const manifest = await frame.locator('textarea#manifest').inputValue();
      const full = await context.newPage();
      await full.goto(href, { waitUntil: 'load' });
      await full.waitForSelector(`#tab-${w.view}[aria-selected="true"]`, { state: 'attached', timeout: 15_000 });
      assert.equal(await full.locator('textarea#manifest').inputValue(), manifest, `${w.id}: same manifest`);
      assert.equal(await full.locator('textarea#manifest').getAttribute('readonly'), null, 'editable in the playground');
      assert.equal(await full.locator('.embed-bar').count(), 0, 'not an embed');
      assert.match(await full.locator(`#panel-${w.view}`).innerText(), w.answer, `${w.id}: same answer in the playground`);
      if (w.view === 'lookup') {
        const want = await frame.locator('#query-name').inputValue();
        assert.equal(await full.locator('#query-name').inputValue(), want);
      }
      if (w.id === 'w-srv') await full.screenshot({ path: `${OUT}embed-opened-in-playground.png`, fullPage: true });
      await full.close();
    }

    const problems = log.console.filter((m) => m.type === 'error' || m.type === 'warning');
    assert.deepEqual(problems, [], 'console errors or warnings (host page and widgets)');
    assert.deepEqual(log.errors, [], 'uncaught errors');
    assert.deepEqual(log.offOrigin, [], 'requests that left the two origins');
  } finally {
    await context.close();
  }
});

test('without JavaScript the YAML is still there', async () => {
  const { context, page } = await recordedPage([hostOrigin(), base.origin], { javaScriptEnabled: false });
  try {
    await page.goto(hostOrigin() + '/', { waitUntil: 'load' });
    for (const w of WIDGETS) {
      const pre = page.locator(`#${w.id}`);
      assert.equal(await pre.isVisible(), true);
      assert.match(await pre.innerText(), /apiVersion: v1\nkind: Service/);
    }
    assert.equal(await page.locator('iframe').count(), 0);
    await page.screenshot({ path: `${OUT}embed-no-js.png`, fullPage: true });
  } finally {
    await context.close();
  }
});

test('when the widget cannot load (iframe blocked), the YAML stays visible', async () => {
  // The host's CSP forbids frames from the playground: the script still runs.
  const { context, page, log } = await recordedPage([hostOrigin(), base.origin]);
  try {
    await page.goto(hostOrigin() + '/strict.html', { waitUntil: 'load' });
    await page.waitForTimeout(2_000);
    for (const w of WIDGETS) {
      assert.equal(await page.locator(`#${w.id}`).isVisible(), true, `${w.id} visible`);
      assert.notEqual(await page.locator(`#${w.id}`).getAttribute('data-svcdns-mounted'), 'live');
    }
    assert.ok(log.console.some((m) => /frame-src/.test(m.text)), 'the browser did block the frames: ' + JSON.stringify(log.console));
  } finally {
    await context.close();
  }
});

test('the widget posts only to its parent origin, and a page that is not its parent gets nothing', async () => {
  // A page on the host origin that frames a widget whose state claims another origin:
  // postMessage with that target origin is not delivered.
  const { context, page } = await recordedPage([hostOrigin(), base.origin]);
  try {
    await page.goto(hostOrigin() + '/', { waitUntil: 'load' });
    await page.waitForSelector('#w-problems[data-svcdns-mounted="live"]', { state: 'attached', timeout: 20_000 });
    // Count messages the host page receives from the widgets, and forge one from the page itself.
    const got = await page.evaluate(async () => {
      const seen = [];
      addEventListener('message', (e) => seen.push({ origin: e.origin, data: e.data }));
      const iframe = document.querySelector('#w-problems + iframe');
      const h = iframe.style.height;
      // A message from the wrong source (this window) is ignored by the script.
      postMessage({ type: 'svcdns:height', height: 3 }, '*');
      await new Promise((r) => setTimeout(r, 300));
      return { seen, before: h, after: iframe.style.height };
    });
    assert.equal(got.after, got.before, 'a forged message did not resize');
    for (const m of got.seen.filter((m) => m.data?.type === 'svcdns:height' && m.data.height !== 3)) {
      assert.equal(m.origin, base.origin);
    }
  } finally {
    await context.close();
  }
});

test('the docs page: every section has a live widget', async () => {
  const { context, page, log } = await recordedPage([base.origin]);
  try {
    await page.goto(new URL('docs/headless-services.html', base).href, { waitUntil: 'load' });
    const count = await page.locator('pre.svcdns').count();
    assert.equal(count, 8);
    for (let i = 0; i < count; i++) {
      const pre = page.locator('pre.svcdns').nth(i);
      await pre.evaluate((el) => el.nextElementSibling?.scrollIntoView());
      await page.waitForFunction((i) => document.querySelectorAll('pre.svcdns')[i].dataset.svcdnsMounted === 'live', i, { timeout: 20_000 });
    }
    await page.setViewportSize({ width: 1000, height: await page.evaluate(() => document.documentElement.scrollHeight) });
    await page.waitForTimeout(500);
    await page.screenshot({ path: `${OUT}docs-headless-services.png`, fullPage: true });
    for (const id of ['regular-vs-headless', 'srv', 'nodeport-mistake', 'lesson']) {
      await page.locator(`section#${id}`).screenshot({ path: `${OUT}docs-${id}.png` });
    }
    const problems = log.console.filter((m) => m.type === 'error' || m.type === 'warning');
    assert.deepEqual(problems, [], 'console errors or warnings');
    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.offOrigin, []);
  } finally {
    await context.close();
  }
});

test("the embed page's CSP, measured: what it needs and what breaks without it", async () => {
  const html = await (await fetch(new URL('embed.html', base))).text();
  const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1];
  assert.ok(csp, 'embed.html has a CSP');
  // Scripts: only this origin, trunk's loader by hash, and wasm compilation.
  const scripts = csp.match(/script-src ([^;]+)/)[1];
  assert.doesNotMatch(scripts, /unsafe-inline|'unsafe-eval'|\*/, csp);
  assert.match(csp, /default-src 'none'/);

  async function run(policy) {
    const { context, page, log } = await recordedPage([base.origin]);
    try {
      await page.route(new URL('embed.html', base).href, (route) =>
        route.fulfill({ contentType: 'text/html', body: html.replace(csp, policy) }),
      );
      await page.goto(new URL('embed.html', base).href, { waitUntil: 'load' });
      const started = await page
        .waitForSelector('textarea#manifest', { state: 'attached', timeout: 6_000 })
        .then(() => true, () => false);
      return { started, errors: [...log.console.filter((m) => m.type === 'error').map((m) => m.text), ...log.errors] };
    } finally {
      await context.close();
    }
  }
  const asBuilt = await run(csp);
  assert.deepEqual(asBuilt, { started: true, errors: [] }, 'as built');
  const noWasm = await run(csp.replace(" 'wasm-unsafe-eval'", ''));
  assert.equal(noWasm.started, false, "without 'wasm-unsafe-eval' the wasm must not start");
  assert.ok(noWasm.errors.some((e) => /WebAssembly|wasm-unsafe-eval/.test(e)), noWasm.errors.join('\n'));
  const noHash = await run(csp.replace(/ 'sha256-[^']+'/g, ''));
  assert.equal(noHash.started, false, "without the loader's hash nothing starts");
  assert.ok(noHash.errors.some((e) => /inline script/.test(e)), noHash.errors.join('\n'));
  console.log(`embed CSP (as built, works; minus 'wasm-unsafe-eval' or the hash, fails): ${csp}`);
});
