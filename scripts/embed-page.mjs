// trunk post_build hook (Trunk.toml [[hooks]]): everything the embeds need,
// next to the playground in the build output.
//   - embed.html: the playground's index.html (same hashed js/wasm, so one
//     bundle, cached once) marked as an embed, with a strict
//     Content-Security-Policy whose script hashes are computed here from
//     trunk's inline loader;
//   - svcdns-embed.js, embed.css (web/embed/) and docs/ (the documentation
//     page that uses the widgets).
// Run by trunk with TRUNK_STAGING_DIR set; by hand: node scripts/embed-page.mjs <dist>.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.env.TRUNK_STAGING_DIR ?? process.argv[2];
if (!out) throw new Error('usage: node scripts/embed-page.mjs <dist dir> (or run from trunk)');
const publicUrl = process.env.TRUNK_PUBLIC_URL ?? '/';

const index = readFileSync(join(out, 'index.html'), 'utf8');

// Hashes of the inline scripts trunk writes (its module loader): allowed by
// hash, so no 'unsafe-inline'.
const hashes = [];
for (const m of index.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)) {
  if (/\bsrc\s*=/.test(m[1])) continue;
  hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
}

// What the embed needs, nothing else. Measured in tests/e2e/embed.test.js:
// without 'wasm-unsafe-eval' Chromium refuses WebAssembly.instantiate, and
// without the loader's hash nothing starts; the wasm and its preload are
// fetches (connect-src 'self'). style-src needs 'unsafe-inline' while the
// app sets `style` attributes (the editor's gutter spacer, the compare
// view's bars): setting them through the CSSOM instead would allow
// style-src 'self'. frame-ancestors cannot be set from a <meta>; a server
// header could restrict who embeds.
export const CSP = [
  "default-src 'none'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

let embed = index
  .replace(/<html\b([^>]*)>/, (all, attrs) => `<html${attrs} class="svcdns-embed">`)
  .replace(/<title>[\s\S]*?<\/title>/, '<title>svcdns widget</title>')
  // Right after <meta charset>: a CSP <meta> governs only what follows it.
  // (trunk's minifier writes it `<meta charset=utf-8>`.)
  .replace(/(<meta charset="?utf-8"?\s*\/?>)/i, `$1\n    <meta http-equiv="Content-Security-Policy" content="${CSP}" />`);
if (!embed.includes('Content-Security-Policy')) throw new Error('embed-page: no <meta charset> in index.html to put the CSP after');
// embed.css after the playground's stylesheet: at the end of <head>, or,
// when the minifier left out the optional </head>, right after that link.
const embedCss = `<link rel="stylesheet" href="${publicUrl}embed.css" />`;
if (embed.includes('</head>')) embed = embed.replace('</head>', `  ${embedCss}\n  </head>`);
else embed = embed.replace(/<link\b[^>]*\brel="?stylesheet"?[^>]*>/, (link) => link + embedCss);
if (!embed.includes(embedCss)) throw new Error('embed-page: no </head> or stylesheet link in index.html to put embed.css after');
writeFileSync(join(out, 'embed.html'), embed);

for (const f of ['svcdns-embed.js', 'embed.css']) copyFileSync(join(root, 'web/embed', f), join(out, f));
mkdirSync(join(out, 'docs'), { recursive: true });
for (const f of readdirSync(join(root, 'docs'))) {
  if (/\.(html|css)$/.test(f)) copyFileSync(join(root, 'docs', f), join(out, 'docs', f));
}
console.log(`embed-page: embed.html (CSP with ${hashes.length} script hash${hashes.length === 1 ? '' : 'es'}), svcdns-embed.js, embed.css, docs/`);
