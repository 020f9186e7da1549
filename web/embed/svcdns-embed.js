/*! svcdns-embed.js: live svcdns widgets in documentation pages.
 *
 * Include once, anywhere in the page:
 *   <script src="https://svcdns.example/svcdns-embed.js" defer></script>
 * and mark YAML blocks:
 *   <pre class="svcdns" data-view="lookup" data-query="mysql-0.mysql">…YAML…</pre>
 *
 * Each block becomes an iframe showing the svcdns embed (embed.html next to
 * this script) with the block's text and options in the URL fragment, in the
 * same versioned format as the playground's share links (v1, see
 * crates/svcdns-state). The <pre> stays in the page, and stays visible until
 * its widget has started and reported its height: with scripts or iframes
 * blocked, readers still see the YAML.
 *
 * Attributes (all optional):
 *   data-view       compare | lookup | zone | statefulsets | problems
 *   data-query      the name to look up          data-type       record type (A, SRV, …)
 *   data-namespace  the client pod's namespace   data-style      dig | nslookup
 *   data-compare    namespace/name of the Service the compare view shows
 *   data-filter     the zone view's filter
 *   data-readonly   the manifest cannot be edited
 *   data-hide-editor  show only the view (the page shows the YAML already)
 *   data-theme      light | dark (default: the reader's system setting)
 *   data-lesson     a lesson (lessons/ID.yaml, e.g. 01-regular-vs-headless): the
 *                   widget shows its panel and checks the block's manifest (an
 *                   empty block starts from the lesson's own manifest)
 *   data-step       the lesson's step to start at, from 1
 * On the <script>: data-embed="https://…/embed.html" overrides where widgets come from.
 *
 * Security: this script never evaluates anything. It accepts only messages
 * that come from one of its own iframes (event.source) *and* from the embed's
 * origin, and only {type: "svcdns:height", height: <number>}; a widget posts
 * its height only to this page's origin.
 */
(function () {
  'use strict';
  if (typeof window === 'undefined' || window.__svcdnsEmbed) return;
  window.__svcdnsEmbed = true;

  var script = document.currentScript;
  var embedUrl = new URL(
    (script && script.getAttribute('data-embed')) || 'embed.html',
    (script && script.src) || location.href
  );
  embedUrl.hash = '';
  var embedOrigin = embedUrl.origin;
  var VIEWS = ['compare', 'lookup', 'zone', 'statefulsets', 'problems'];
  var MAX_HEIGHT = 5000;
  var frames = []; // {iframe, pre}
  var utf8 = new TextEncoder();

  // --- the v1 state format -------------------------------------------------
  function concat(parts) {
    var n = 0, i, out, at = 0;
    for (i = 0; i < parts.length; i++) n += parts[i].length;
    out = new Uint8Array(n);
    for (i = 0; i < parts.length; i++) { out.set(parts[i], at); at += parts[i].length; }
    return out;
  }
  // tag len ":" value
  function field(tag, value) {
    var bytes = typeof value === 'string' ? utf8.encode(value) : value;
    return concat([utf8.encode(tag + bytes.length + ':'), bytes]);
  }
  function fnv1a32(bytes) {
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193) >>> 0; }
    return h >>> 0;
  }
  // Raw DEFLATE made of stored blocks: valid input for any inflater, no
  // compressor needed (used when CompressionStream is missing).
  function storedDeflate(bytes) {
    var parts = [], at = 0;
    do {
      var n = Math.min(65535, bytes.length - at);
      var last = at + n >= bytes.length ? 1 : 0;
      parts.push(new Uint8Array([last, n & 255, n >> 8, ~n & 255, (~n >> 8) & 255]));
      parts.push(bytes.subarray(at, at + n));
      at += n;
    } while (at < bytes.length);
    return Promise.resolve(concat(parts));
  }
  function deflateRaw(bytes) {
    if (typeof CompressionStream !== 'function') return storedDeflate(bytes);
    try {
      var stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('deflate-raw'));
      return new Response(stream).arrayBuffer().then(function (b) { return new Uint8Array(b); }, function () { return storedDeflate(bytes); });
    } catch (e) {
      return storedDeflate(bytes);
    }
  }
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  function base64url(bytes) {
    var out = '';
    for (var i = 0; i < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | ((bytes[i + 1] || 0) << 8) | (bytes[i + 2] || 0);
      var chars = Math.min(3, bytes.length - i) + 1;
      for (var j = 0; j < chars; j++) out += B64[(n >> (18 - 6 * j)) & 63];
    }
    return out;
  }
  function fragmentFor(pre) {
    var d = pre.dataset, parts = [];
    var text = pre.textContent.replace(/^\n/, '');
    if (text) parts.push(field('m', text));
    var view = (d.view || '').toLowerCase();
    if (VIEWS.indexOf(view) > 0) parts.push(field('v', view));
    if (d.query) parts.push(field('q', d.query));
    if (d.type) parts.push(field('t', d.type.toUpperCase()));
    if (d.namespace) parts.push(field('n', d.namespace));
    if (d.style === 'nslookup') parts.push(field('d', 'nslookup'));
    if (d.compare) parts.push(field('c', d.compare));
    if (d.filter) parts.push(field('f', d.filter));
    if (d.theme) parts.push(field('T', d.theme));
    if (d.lesson) parts.push(field('L', d.lesson));
    if (d.lesson && /^[1-9][0-9]{0,5}$/.test(d.step || '')) parts.push(field('s', String(d.step - 1)));
    var embed = [];
    if ('readonly' in d) embed.push(field('r', '1'));
    if ('hideEditor' in d) embed.push(field('h', '1'));
    if (location.origin && location.origin !== 'null') embed.push(field('o', location.origin));
    parts.push(field('E', concat(embed)));
    var payload = concat(parts);
    var h = fnv1a32(payload);
    return deflateRaw(payload).then(function (deflated) {
      var check = new Uint8Array([h >>> 24, (h >>> 16) & 255, (h >>> 8) & 255, h & 255]);
      return 'v1.' + base64url(concat([check, deflated]));
    });
  }

  // --- widgets -------------------------------------------------------------
  function title(pre) {
    var d = pre.dataset, view = VIEWS.indexOf(d.view) >= 0 ? d.view : 'compare';
    if (d.lesson) return 'svcdns lesson: ' + d.lesson;
    return 'svcdns live widget: ' + view + (d.query ? ' ' + d.query : '');
  }
  function mount(pre) {
    if (pre.getAttribute('data-svcdns-mounted')) return;
    pre.setAttribute('data-svcdns-mounted', 'pending');
    fragmentFor(pre).then(function (fragment) {
      var iframe = document.createElement('iframe');
      var url = new URL(embedUrl.href);
      url.hash = fragment;
      iframe.src = url.href;
      iframe.title = title(pre);
      iframe.className = 'svcdns-embed';
      // No sandbox attribute: the widget needs scripts and its own origin
      // (module scripts and the wasm load with CORS), and a sandbox with
      // both grants nothing (Chromium warns that it can be escaped). The
      // widget is cross-origin to the page: it cannot touch the page.
      iframe.setAttribute('referrerpolicy', 'origin');
      iframe.style.cssText = 'display:block;width:100%;height:0;border:0;overflow:hidden';
      frames.push({ iframe: iframe, pre: pre });
      pre.insertAdjacentElement('afterend', iframe);
      pre.setAttribute('data-svcdns-mounted', 'loading');
    });
  }

  window.addEventListener('message', function (event) {
    // Only our iframes, only from the embed's origin, only this shape.
    if (event.origin !== embedOrigin) return;
    var f = null;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].iframe.contentWindow === event.source) { f = frames[i]; break; }
    }
    if (!f) return;
    var data = event.data;
    if (!data || typeof data !== 'object' || data.type !== 'svcdns:height') return;
    var height = data.height;
    if (typeof height !== 'number' || !isFinite(height) || height < 0) return;
    f.iframe.style.height = Math.min(Math.ceil(height), MAX_HEIGHT) + 'px';
    if (f.pre.getAttribute('data-svcdns-mounted') !== 'live') {
      f.pre.setAttribute('data-svcdns-mounted', 'live');
      f.pre.hidden = true;
    }
  });

  function scan() {
    var blocks = document.querySelectorAll('pre.svcdns');
    for (var i = 0; i < blocks.length; i++) mount(blocks[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
  window.svcdnsEmbed = { scan: scan };
})();
