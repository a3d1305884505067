// Builds the browser example into examples/browser/dist/: a model trained and exported with the recsys command line
// (dist/model/: model.json and its shards), the page's script bundled for the browser (dist/app.js) and, beside it,
// the .wasm binaries of @tensorflow/tfjs-backend-wasm, which a bundler leaves out (for ?backend=wasm).
// Run from the repository root after `pnpm build`:
//
//   node examples/browser/build.mjs [--model gmf] [--users 300] [--items 500] [--epochs 10]
//
// The data are the synthetic generator's (no file needed); any model recsys trains works (--model itempop, neumf, …).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { synthetic } from '@recsys/data';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const bin = join(here, '../../packages/cli/dist/bin.js');

/**
 * Trains `model` on synthetic data with `recsys train`, exports it with `recsys export` to dist/model, bundles app.js
 * to dist/app.js and copies the wasm backend's binaries to dist/. Returns the sizes written.
 */
export async function buildExample({ model = 'gmf', users = 300, items = 500, epochs = 10, log = console.error } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'recsys-browser-example-'));
  try {
    // A MovieLens-style file of the synthetic log (user, item, rating, timestamp): what `recsys train` reads.
    const { interactions: log_ } = synthetic({ users, items, seed: 7 });
    const lines = [];
    for (let r = 0; r < log_.size; r++) {
      const user = log_.userIds.raw(log_.users[r]);
      const item = log_.itemIds.raw(log_.items[r]);
      lines.push(`${user}\t${item}\t${log_.values[r]}\t${log_.timestamps[r]}`);
    }
    writeFileSync(join(work, 'u.data'), lines.join('\n') + '\n');
    const recsys = (...args) => execFileSync(process.execPath, [bin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    log(`build: recsys train --model ${model} on ${log_.size} synthetic interactions (${users} users, ${items} items)`);
    const neural = !['itempop', 'ease', 'ials', 'itemknn', 'rp3beta', 'random', 'content'].includes(model);
    const trainArgs = ['--model', model, '--train', join(work, 'u.data'), '--out', join(work, 'model')];
    if (neural) trainArgs.push('--epochs', String(epochs), '--lr', '0.005');
    recsys('train', ...trainArgs);
    mkdirSync(dist, { recursive: true });
    const exported = JSON.parse(
      recsys('export', '--model-dir', join(work, 'model'), '--out', join(dist, 'model')).toString('utf8'),
    );
    log(`build: recsys export → ${relative(process.cwd(), join(dist, 'model'))} (${kib(exported.bytes)})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const started = performance.now();
  await build({
    entryPoints: [join(here, 'app.js')],
    outfile: join(dist, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
    // Resolve the packages as an application does (their "browser" builds in dist/), not through the repository
    // tsconfig's paths onto their sources.
    tsconfigRaw: {},
  });
  const app = statSync(join(dist, 'app.js')).size;
  log(`build: dist/app.js ${kib(app)} minified, bundled in ${Math.round(performance.now() - started)} ms`);
  const wasm = copyWasmBinaries(dist);
  log(`build: ${wasm.files.join(', ')} → dist/ (${kib(wasm.bytes)}, from ${relative(process.cwd(), wasm.from)})`);
  return { appBytes: app, wasmFiles: wasm.files };
}

/**
 * Copies the .wasm binaries of @tensorflow/tfjs-backend-wasm into `to`: the plain one, the SIMD one (what a browser
 * without cross-origin isolation loads) and the threaded SIMD one (loaded only by a page served with COOP and COEP
 * headers). The package is the one the bundle holds — resolved from @recsys/train, whose peer dependency it is — so
 * the binaries match its JavaScript glue.
 */
function copyWasmBinaries(to) {
  const train = createRequire(import.meta.url).resolve('@recsys/train/package.json');
  const pkg = createRequire(train).resolve('@tensorflow/tfjs-backend-wasm/package.json');
  const from = join(dirname(pkg), 'dist');
  const files = readdirSync(from).filter((file) => file.endsWith('.wasm'));
  if (files.length === 0) throw new Error(`build: no .wasm file in ${from}`);
  let bytes = 0;
  for (const file of files) {
    copyFileSync(join(from, file), join(to, file));
    bytes += statSync(join(to, file)).size;
  }
  return { files, bytes, from };
}

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      model: { type: 'string', default: 'gmf' },
      users: { type: 'string', default: '300' },
      items: { type: 'string', default: '500' },
      epochs: { type: 'string', default: '10' },
    },
  });
  await buildExample({
    model: values.model,
    users: Number(values.users),
    items: Number(values.items),
    epochs: Number(values.epochs),
  });
}
