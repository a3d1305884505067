// Builds the browser example into examples/browser/dist/: a model trained and exported with the recsys command line
// (dist/model/: model.json and its shards) and the page's script bundled for the browser (dist/app.js).
// Run from the repository root after `pnpm build`:
//
//   node examples/browser/build.mjs [--model gmf] [--users 300] [--items 500] [--epochs 10]
//
// The data are the synthetic generator's (no file needed); any model recsys trains works (--model itempop, neumf, …).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
 * Trains `model` on synthetic data with `recsys train`, exports it with `recsys export` to dist/model, and bundles
 * app.js to dist/app.js. Returns the sizes written.
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
  return { appBytes: app };
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
