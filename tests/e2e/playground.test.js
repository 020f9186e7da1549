// End-to-end: the playground's views and interactions in headless Chromium,
// against the release build in dist/ (see app.test.js for how to run).
// Screenshots of every main view, desktop and phone width, go to out/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { openRecordedPage } from './lib/browser.js';
import { manifest as generated } from './lib/generate.js';
import { assertClean as assertNoProblems, paste } from './lib/page.js';
import { EXAMPLES, OUT, startApp, stopApp } from './lib/setup.js';
const PHONE = { width: 390, height: 844 };

let server;
let browser;
let base;

before(async () => ({ server, browser, base } = await startApp()));
after(() => stopApp({ server, browser }));

/** Open the playground; returns { context, page, log, editor }. */
async function open(viewport) {
  const rec = await openRecordedPage(browser, base.origin);
  if (viewport) await rec.page.setViewportSize(viewport);
  await rec.page.goto(base.href, { waitUntil: 'load' });
  const editor = rec.page.getByRole('textbox', { name: 'Manifest', exact: true });
  await editor.waitFor({ state: 'visible', timeout: 15_000 });
  await rec.page.waitForFunction(() => window.__svcdnsTimings?.rev >= 1);
  return { ...rec, editor };
}

/** The page did nothing wrong: no console errors, no page errors, nothing off origin. */
function assertClean(log, what = '') {
  assertNoProblems(log, what);
  assert.deepEqual(log.failed, [], `failed requests ${what}`);
  for (const url of log.requests) {
    assert.ok(url.startsWith(base.origin + '/') || url.startsWith('data:'), `request off origin: ${url}`);
  }
}

const text = (page, sel) => page.locator(sel).innerText();
const view = async (page, name) => {
  await page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();
  await page.waitForSelector(`#panel-${name.toLowerCase()}`);
};
// CSS animations (rows entering the StatefulSets table) are finished first,
// so a screenshot shows the settled page.
const shot = (page, name) => page.screenshot({ path: `${OUT}${name}.png`, fullPage: true, animations: 'disabled' });

async function loadExample(page, file) {
  await page.locator('details.examples > summary').click();
  await page.locator(`button.example[data-file="${file}"]`).click();
  const body = (await readFile(EXAMPLES + file, 'utf8'));
  await page.waitForFunction((t) => document.querySelector('#manifest').value === t, body);
}

test('compare view: regular vs headless side by side, with diagrams and the privacy statement', async () => {
  const { context, page, log } = await open();
  try {
    assert.match(await text(page, '#privacy'), /Nothing leaves your browser/);
    assert.equal(await page.locator('#tab-compare').getAttribute('aria-selected'), 'true');
    const regular = await text(page, '#col-regular');
    const headless = await text(page, '#col-headless');
    assert.match(regular, /nslookup my-regular-svc/);
    assert.match(regular, /clusterIP: 10\.\d+\.\d+\.\d+/);
    // One virtual IP versus three pod IPs.
    assert.equal((regular.match(/^Address: /gm) ?? []).length, 1, regular);
    assert.equal((headless.match(/^Address: 10\.244\./gm) ?? []).length, 3, headless);
    assert.match(headless, /clusterIP: None/);
    assert.match(headless, /_http\._tcp|IN\s+SRV/);
    assert.equal(await page.locator('#col-regular svg.diagram').count(), 1);
    assert.equal(await page.locator('#col-headless svg.diagram').count(), 1);
    assert.match(await page.locator('#col-regular svg').getAttribute('aria-label'), /kube-proxy/);
    assert.match(await text(page, '#timing'), /computed in \d+\.\d ms/);
    await shot(page, 'compare-desktop');
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('paste your cluster: the kubectl command, what the dump holds, nothing leaves; a kind dump answers as kind', async () => {
  const { context, page, log, editor } = await open();
  try {
    await page.locator('details.paste > summary').click();
    const help = await text(page, 'details.paste');
    assert.match(help, /kubectl get svc,endpointslices,pods,statefulsets,deployments,replicasets,daemonsets -A -o yaml/);
    assert.match(help, /kubectl get configmap coredns -n kube-system -o yaml/);
    assert.match(help, /Nothing leaves your browser/);
    await page.locator('details.paste > summary').click();
    // tests/fixtures/dumps/kind.yaml: the cluster's own kubernetes and
    // kube-dns Services are accepted, the controllers' slices not doubled.
    const dump = await readFile(new URL('../fixtures/dumps/kind.yaml', import.meta.url), 'utf8');
    await paste(page, dump);
    await editor.waitFor({ state: 'visible' });
    assert.doesNotMatch(await text(page, '#editor-problems'), /already allocated/);
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('paste a manifest with only a headless Service: the other column is a what-if', async () => {
  const { context, page, log, editor } = await open();
  try {
    const body = (await readFile(EXAMPLES + 'mysql-statefulset.yaml', 'utf8')).replace(/^(#.*\n)+/, '');
    await editor.fill(body);
    await page.waitForSelector('#col-regular .whatif');
    assert.match(await text(page, '#col-regular'), /what-if/);
    assert.match(await text(page, '#col-headless'), /mysql-0\.mysql\.default\.svc\.cluster\.local/);
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('interactions: not ready, restart, flip, publishNotReadyAddresses, scale, connect 20 times', async () => {
  const { context, page, log } = await open();
  try {
    const headlessAddrs = async () => ((await text(page, '#col-headless pre.nslookup')).match(/^Address: 10\.244\./gm) ?? []).length;
    assert.equal(await headlessAddrs(), 3);
    // Mark the first pod not ready: the headless answer drops it.
    const firstReady = page.locator('.podtable input[type=checkbox]').first();
    const podName = (await page.locator('.podtable tbody tr').first().locator('code').first().innerText()).trim();
    await firstReady.uncheck();
    await page.waitForFunction(() => (document.querySelector('#col-headless pre.nslookup').innerText.match(/^Address: /gm) ?? []).length === 2);
    await page.waitForSelector('.toggled');
    // publishNotReadyAddresses on the headless Service brings it back.
    await page.locator('#col-headless label', { hasText: 'publishNotReadyAddresses' }).locator('input').check();
    await page.waitForFunction(() => (document.querySelector('#col-headless pre.nslookup').innerText.match(/^Address: /gm) ?? []).length === 3);
    // Restart a pod: same name, new IP.
    const row = page.locator('.podtable tbody tr', { hasText: podName });
    const ipBefore = await row.locator('td').nth(1).innerText();
    await page.getByRole('button', { name: `Restart ${podName}` }).click();
    await page.waitForFunction(([name, ip]) => {
      const r = [...document.querySelectorAll('.podtable tbody tr')].find((tr) => tr.innerText.includes(name));
      return r && !r.children[1].innerText.includes(ip);
    }, [podName, ipBefore.trim()]);
    // Scale the Deployment up: four pods.
    await page.getByRole('button', { name: 'Scale Deployment/default/my-app up' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.podtable tbody tr').length === 4);
    // Connect 20 times.
    await page.locator('#connect-20').click();
    await page.waitForSelector('.spread.regular .bars li');
    const counts = async (sel) => (await page.locator(`${sel} .count`).allInnerTexts()).map(Number);
    const reg = await counts('.spread.regular');
    const hl = await counts('.spread.headless');
    assert.equal(reg.reduce((a, b) => a + b, 0), 20, `regular ${reg}`);
    assert.equal(hl.reduce((a, b) => a + b, 0), 20, `headless ${hl}`);
    assert.deepEqual(hl, [5, 5, 5, 5], 'round robin over four addresses');
    await shot(page, 'compare-interactions-desktop');
    // Flip the regular Service to headless: both columns are headless Services now, so a what-if appears.
    await page.locator('#col-regular label', { hasText: 'headless' }).locator('input').click();
    await page.waitForFunction(() => /what-if/.test(document.querySelector('.compare')?.innerText ?? ''));
    // Reset.
    await page.locator('.toggled button').click();
    await page.waitForFunction(() => !document.querySelector('.toggled'));
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('lookup: the search list step by step, dig and nslookup, record type', async () => {
  const { context, page, log } = await open();
  try {
    await view(page, 'Lookup');
    const q = page.getByRole('textbox', { name: 'Query', exact: true });
    await q.fill('my-headless-svc');
    await page.getByRole('combobox', { name: 'Client namespace' }).selectOption('default');
    await page.waitForFunction(() => /my-headless-svc\.default\.svc\.cluster\.local\./.test(document.querySelector('.steps')?.innerText ?? ''));
    assert.equal(await text(page, '#lookup-rcode'), 'NOERROR');
    assert.match(await text(page, '#lookup-output'), /;; ANSWER SECTION:/);
    // From another namespace the short name fails through the whole search
    // list, then goes upstream as is.
    await page.getByRole('combobox', { name: 'Client namespace' }).selectOption('kube-system');
    await page.waitForFunction(() => document.querySelector('#lookup-rcode')?.innerText !== 'NOERROR');
    assert.equal(await page.locator('.steps li').count(), 4, 'three search domains, then the name as is');
    assert.match(await text(page, '.steps'), /my-headless-svc\.kube-system\.svc\.cluster\.local\. NXDOMAIN/);
    await page.getByRole('combobox', { name: 'Client namespace' }).selectOption('default');
    await q.fill('_http._tcp.my-headless-svc');
    await page.getByRole('combobox', { name: 'Record type', exact: true }).selectOption('SRV');
    await page.waitForFunction(() => /IN\s+SRV\s+0/.test(document.querySelector('#lookup-output')?.innerText ?? ''));
    await page.getByRole('radio', { name: 'nslookup' }).check();
    await page.waitForFunction(() => /service = 0/.test(document.querySelector('#lookup-output')?.innerText ?? ''));
    assert.match(await text(page, '.cmd'), /nslookup -type=SRV _http\._tcp\.my-headless-svc/);
    await shot(page, 'lookup-desktop');
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('statefulsets: identities, scale up and down, start and scale-down order', async () => {
  const { context, page, log } = await open();
  try {
    await loadExample(page, 'mysql-statefulset.yaml');
    await view(page, 'StatefulSets');
    assert.match(await text(page, '#panel-statefulsets'), /mysql-2\.mysql\.default\.svc\.cluster\.local\./);
    assert.match(await text(page, '#panel-statefulsets'), /Start order: mysql-0 → mysql-1 → mysql-2/);
    assert.match(await text(page, '#panel-statefulsets'), /Scale-down order: mysql-2 → mysql-1 → mysql-0/);
    await page.getByRole('button', { name: 'Scale mysql up' }).click();
    await page.waitForFunction(() => /mysql-3\.mysql/.test(document.querySelector('#panel-statefulsets')?.innerText ?? ''));
    assert.equal(await text(page, '#replicas-mysql'), '4 replicas');
    await page.getByRole('button', { name: 'Scale mysql down' }).click();
    await page.getByRole('button', { name: 'Scale mysql down' }).click();
    await page.waitForFunction(() => document.querySelector('#replicas-mysql')?.innerText === '2 replicas');
    assert.doesNotMatch(await text(page, '#panel-statefulsets'), /mysql-2\.mysql/);
    await shot(page, 'statefulsets-desktop');
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('zone view filters; problems jump to their line', async () => {
  const { context, page, log } = await open();
  try {
    await view(page, 'Zone');
    const total = Number((await text(page, '#zone-count')).match(/of (\d+)/)[1]);
    assert.ok(total > 10, `${total} records`);
    await page.getByRole('searchbox', { name: 'Filter records' }).fill('my-headless-svc SRV');
    await page.waitForFunction(() => /^\d+ of/.test(document.querySelector('#zone-count').innerText) && !/^0 of/.test(document.querySelector('#zone-count').innerText));
    const lines = (await text(page, '.zonelist')).trim().split('\n');
    assert.ok(lines.every((l) => /my-headless-svc/i.test(l) && /SRV/.test(l)), lines.join('\n'));
    await shot(page, 'zone-desktop');

    await loadExample(page, 'nodeport-headless-invalid.yaml');
    await view(page, 'Problems');
    const problems = await text(page, '#panel-problems');
    assert.match(problems, /The Service "[^"]+" is invalid/);
    assert.match(problems, /Rejected/);
    // A marker in the gutter, with words, not only colour.
    const mark = page.locator('.gutter .mark').first();
    assert.match(await mark.getAttribute('aria-label'), /^error on line \d+/);
    // Jump: the editor selects that line.
    const jump = page.locator('#panel-problems .diag.error .jump').first();
    const line = Number((await jump.innerText()).match(/(\d+):/)[1]);
    await jump.click();
    const sel = await page.evaluate(() => {
      const t = document.querySelector('#manifest');
      return { focused: document.activeElement === t, before: t.value.slice(0, t.selectionStart).split('\n').length };
    });
    assert.deepEqual(sel, { focused: true, before: line });
    await shot(page, 'problems-desktop');
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('every example loads without console errors', async () => {
  const { context, page, log } = await open();
  try {
    const files = (await readdir(EXAMPLES)).filter((f) => f.endsWith('.yaml')).sort();
    assert.equal(await page.locator('button.example').count(), files.length, 'one gallery entry per example');
    for (const f of files) {
      await loadExample(page, f);
      for (const v of ['Compare', 'Lookup', 'Zone', 'StatefulSets', 'Problems']) {
        await view(page, v);
      }
      await view(page, 'Compare');
    }
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('keyboard: tabs, shortcuts, theme toggle, accessible names', async () => {
  const { context, page, log } = await open();
  try {
    // Every button, input and select has an accessible name.
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll('button, input, select, textarea, summary')]
        .filter((e) => {
          const name = e.getAttribute('aria-label') || e.labels?.[0]?.textContent || e.textContent || e.getAttribute('title');
          return !name || !name.trim();
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unnamed, []);
    // Alt+2 goes to Lookup and focuses its tab; arrows move between tabs.
    await page.keyboard.press('Alt+2');
    await page.waitForSelector('#tab-lookup[aria-selected="true"]');
    await page.keyboard.press('ArrowRight');
    await page.waitForSelector('#tab-zone[aria-selected="true"]');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-zone');
    // Tab moves from the tab list into the panel's controls.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'zone-filter');
    // Alt+Q focuses the Query box.
    await page.keyboard.press('Alt+q');
    await page.waitForFunction(() => document.activeElement?.id === 'query-name');
    // Alt+E focuses the editor; Tab indents there, Escape then Tab leaves
    // it (not trapped).
    await page.keyboard.press('Alt+e');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'manifest');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    assert.notEqual(await page.evaluate(() => document.activeElement.id), 'manifest');
    // Dark mode toggle.
    const before = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.keyboard.press('Alt+t');
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    const after_ = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.notEqual(before, after_);
    await page.keyboard.press('Alt+1');
    await page.waitForSelector('#tab-compare[aria-selected="true"]');
    await shot(page, 'compare-dark-desktop');
    // Shortcuts are listed in the page.
    await page.locator('details.shortcuts > summary').click();
    assert.match(await text(page, 'details.shortcuts'), /Alt\+E/);
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('system dark mode is followed', async () => {
  const rec = await openRecordedPage(browser, base.origin);
  try {
    await rec.page.emulateMedia({ colorScheme: 'dark' });
    await rec.page.goto(base.href, { waitUntil: 'load' });
    await rec.page.waitForSelector('#col-headless');
    assert.equal(await rec.page.locator('#theme').getAttribute('aria-pressed'), 'true');
    const bg = await rec.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(bg, 'rgb(20, 24, 29)');
  } finally {
    await rec.context.close();
  }
});

test('phone width: stacked layout, every view', async () => {
  const { context, page, log } = await open(PHONE);
  try {
    const editorBox = await page.locator('section.editor').boundingBox();
    const resultsBox = await page.locator('section.results').boundingBox();
    assert.ok(resultsBox.y >= editorBox.y + editorBox.height - 1, 'results below the editor');
    assert.ok(editorBox.width <= PHONE.width, 'no horizontal overflow of the editor');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page wider than the phone by ${overflow}px`);
    await shot(page, 'compare-phone');
    await loadExample(page, 'mysql-statefulset.yaml');
    for (const v of ['Lookup', 'Zone', 'StatefulSets', 'Problems']) {
      await view(page, v);
      await page.locator(`#panel-${v.toLowerCase()}`).scrollIntoViewIfNeeded();
      await shot(page, `${v.toLowerCase()}-phone`);
    }
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('a panic shows the manifest in a copyable box and a reload button', async () => {
  const { context, page, log, editor } = await open();
  try {
    const mine = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: keep-me\n';
    await editor.fill(mine);
    await page.waitForFunction(() => document.querySelector('#summary')?.innerText === '1 object, 0 errors');
    await page.evaluate(() => window.dispatchEvent(new Event('svcdns-test-panic')));
    await page.waitForSelector('#panic', { timeout: 5_000 });
    assert.equal(await page.locator('#panic-text').inputValue(), mine);
    assert.equal(await page.locator('#panic').getAttribute('role'), 'alertdialog');
    await shot(page, 'panic');
    // The panic is reported on the console, and nothing else went wrong.
    assert.ok(log.console.some((m) => m.type === 'error' && /svcdns panicked/.test(m.text)), JSON.stringify(log.console));
    assert.deepEqual(log.offOrigin, []);
    await page.locator('#panic-reload').click();
    await page.waitForSelector('#col-headless, #manifest', { timeout: 15_000 });
    assert.equal(await page.locator('#panic').count(), 0);
  } finally {
    await context.close();
  }
});

test('speed: keystroke to updated results for 100 and 1,000 objects', { timeout: 240_000 }, async () => {
  const { context, page, log, editor } = await open();
  try {
    const results = {};
    for (const n of [100, 1000]) {
      const body = generated(n);
      await paste(page, body);
      const samples = [];
      for (let i = 0; i < 7; i++) {
        const rev = await page.evaluate(() => window.__svcdnsTimings.rev);
        // A real keystroke at the end of the text (a comment, so the
        // object count stays the same).
        await editor.press('Control+End');
        await editor.pressSequentially(i % 2 ? '\n' : '#');
        await page.waitForFunction((r) => window.__svcdnsTimings.rev > r, rev, { timeout: 30_000 });
        samples.push(await page.evaluate(() => ({ ...window.__svcdnsTimings })));
      }
      const med = (k) => samples.map((s) => s[k]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
      results[n] = { objects: samples[0].objects, compute: med('compute'), total: med('total') };
      for (const v of ['Lookup', 'Zone', 'StatefulSets', 'Problems', 'Compare']) await view(page, v);
      if (n === 1000) await shot(page, 'compare-1000-objects');
    }
    console.log(`# keystroke → results (median of 7, ms): ${JSON.stringify(results)}`);
    assert.equal(results[100].objects, 100);
    assert.equal(results[1000].objects, 1000);
    assert.ok(results[1000].total < 500, `1,000 objects: ${results[1000].total} ms`);
    assertClean(log);
  } finally {
    await context.close();
  }
});

test('enter at the end of a long manifest redraws one line, not every line in view', async () => {
  const { context, page, log, editor } = await open();
  try {
    const body = generated(100);
    await paste(page, body);
    await editor.press('Control+End');
    // Count what changes in the editor's gutter and highlighted copy.
    await page.evaluate(() => {
      window.__mutations = 0;
      const count = (list) => { window.__mutations += list.length; };
      for (const el of document.querySelectorAll('.gin, .hl code')) {
        new MutationObserver(count).observe(el, { subtree: true, childList: true, characterData: true });
      }
    });
    const drawn = () => page.evaluate(() => [...document.querySelectorAll('.gin .ln')].map((l) => l.textContent));
    for (const key of ['\n', '\n', 'x']) {
      const rev = await page.evaluate(() => { window.__mutations = 0; return window.__svcdnsTimings.rev; });
      await editor.pressSequentially(key);
      await page.waitForFunction((r) => window.__svcdnsTimings.rev > r, rev, { timeout: 30_000 });
      await page.waitForTimeout(50);
      const mutations = await page.evaluate(() => window.__mutations);
      // One line added (or changed) and its number: a handful of nodes, not
      // the ~80 lines in view (yew pairs unkeyed children from the end).
      assert.ok(mutations <= 12, `${JSON.stringify(key)}: ${mutations} DOM mutations`);
    }
    // The drawn line numbers still end at the text's last line, in order.
    const numbers = (await drawn()).map((t) => Number(t.replace(/\D/g, '')));
    const lines = (await editor.inputValue()).split('\n').length;
    assert.equal(numbers.at(-1), lines);
    assert.deepEqual(numbers, numbers.map((_, i) => numbers[0] + i));
    // The highlighted copy shows the new text at the end.
    const last = await page.locator('.hl .l').last().textContent();
    assert.equal(last, 'x');
    assertClean(log);
  } finally {
    await context.close();
  }
});
