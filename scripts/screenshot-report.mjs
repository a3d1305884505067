#!/usr/bin/env node
// Renders a report to PNG with headless Chromium, for the README's picture:
//
//   node scripts/screenshot-report.mjs <results.json | train.json> <out.png> [--width 1280]
//
// results.json (what `recsys compare` writes) renders with renderHtml; the JSON `recsys train` prints renders with
// renderHistoryHtml. The report comes from the built package (build first:
// `pnpm turbo run build --filter @recsys/experiment --output-logs=errors-only`). The page is shot once tall, its
// last non-white row found in the PNG, then shot again at that height, so the picture has no empty tail.
// Chromium: `chromium` on the PATH, or the CHROMIUM environment variable.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const widthAt = args.indexOf('--width');
const width = widthAt >= 0 ? Number(args.splice(widthAt, 2)[1]) : 1280;
const [input, output] = args;
if (!input || !output || !(Number.isInteger(width) && width >= 320)) {
  console.error('usage: node scripts/screenshot-report.mjs <results.json | train.json> <out.png> [--width 1280]');
  process.exit(2);
}

const dist = join(here, '../packages/experiment/dist/index.js');
let experiment;
try {
  experiment = await import(pathToFileURL(dist).href);
} catch (error) {
  console.error(`screenshot-report: cannot load ${dist} (build it first): ${error.message}`);
  process.exit(1);
}

const data = JSON.parse(readFileSync(input, 'utf8'));
const html = data?.format === 'recsys-comparison' ? experiment.renderHtml(data) : experiment.renderHistoryHtml(data);
const chromium = process.env.CHROMIUM ?? 'chromium';
const dir = mkdtempSync(join(tmpdir(), 'recsys-report-'));
try {
  const page = join(dir, 'report.html');
  writeFileSync(page, html);
  const probe = join(dir, 'probe.png');
  shoot(page, probe, 6000);
  const height = Math.min(6000, lastInkRow(readFileSync(probe)) + 32);
  shoot(page, resolve(output), height);
  console.log(`screenshot-report: ${output} (${width} × ${height})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function shoot(page, png, height) {
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--force-device-scale-factor=1',
      // Paint everything before the shot: without these the bottom tiles of the page were sometimes blank.
      '--run-all-compositor-stages-before-draw',
      '--virtual-time-budget=5000',
      `--screenshot=${png}`,
      `--window-size=${width},${height}`,
      pathToFileURL(page).href,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000 },
  );
}

/** The index of the last row of a PNG with a pixel that is not near-white (8-bit RGB or RGBA, non-interlaced). */
function lastInkRow(png) {
  let offset = 8;
  let w = 0;
  let h = 0;
  let channels = 0;
  const idat = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      [w, h] = [body.readUInt32BE(0), body.readUInt32BE(4)];
      const [depth, colour, interlace] = [body[8], body[9], body[12]];
      channels = { 2: 3, 6: 4 }[colour];
      if (depth !== 8 || !channels || interlace !== 0)
        throw new Error(`unexpected PNG: depth ${depth}, colour type ${colour}`);
    } else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = w * channels;
  let previous = new Uint8Array(stride);
  let last = 0;
  for (let y = 0; y < h; y++) {
    const filter = raw[y * (stride + 1)];
    const row = Uint8Array.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0;
      const b = previous[i];
      const c = i >= channels ? previous[i - channels] : 0;
      const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter];
      row[i] = (row[i] + predictor) & 255;
    }
    for (let x = 0; x < w; x++) {
      const p = x * channels;
      if (row[p] < 240 || row[p + 1] < 240 || row[p + 2] < 240) {
        last = y;
        break;
      }
    }
    previous = row;
  }
  return last;
}

function paeth(a, b, c) {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}
