// Loader speed, this build against an older one: lines/s per file, median and range over RUNS runs (default 5), the
// two builds alternating run by run so that load from others on a shared machine falls on both. The older build is
// RECSYS_BASELINE (a git revision; default e3e839e, the last one reading lines through node:readline, which decoded
// invalid UTF-8 as U+FFFD), built from `git archive` into tmp/bench-baseline/ with the repository's tsup.
// ML-1M's ratings.dat is not in ../shared/data, so an ML-1M-sized one (1,000,000 lines, `::`) is made from u.data,
// and the same rows as a CSV with a header for --format csv (loadDelimited). Compare a change against the commit
// before it with RECSYS_BASELINE=<commit>.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as current from '@recsys/data';
import { sharedData, table } from './shared.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.RUNS ?? 5);
const revision = process.env.RECSYS_BASELINE ?? 'e3e839e';

/** The @recsys/data module of `rev`, built once into tmp/bench-baseline/<sha>/. */
async function baselineModule(rev) {
  const sha = execFileSync('git', ['-C', root, 'rev-parse', '--short', rev], { encoding: 'utf8' }).trim();
  const dir = join(root, 'tmp', 'bench-baseline', sha);
  const entry = join(dir, 'dist', 'index.js');
  if (!existsSync(entry)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git -C "${root}" archive ${sha} packages/data/src | tar -x -C "${dir}"`]);
    const tsup = join(root, 'node_modules', '.bin', 'tsup');
    const args = [join(dir, 'packages/data/src/index.ts'), '--format', 'esm', '--out-dir', join(dir, 'dist')];
    execFileSync(tsup, [...args, '--no-config', '--target', 'node20'], { stdio: 'ignore' });
  }
  return [sha, await import(pathToFileURL(entry).href)];
}

const uData = sharedData('ml-100k', 'u.data');
if (uData) {
  const work = mkdtempSync(join(tmpdir(), 'recsys-loader-speed-'));
  // u.data ten times over, users renumbered per copy: ML-1M's size and layout (user::item::rating::timestamp).
  const ratings = join(work, 'ratings.dat');
  const rows = readFileSync(uData, 'utf8').trimEnd().split('\n');
  const out = [];
  for (let copy = 0; copy < 10; copy++) {
    for (const row of rows) {
      const [user, item, rating, time] = row.split('\t');
      out.push(`${Number(user) + copy * 1000}::${item}::${rating}::${time}`);
    }
  }
  writeFileSync(ratings, out.join('\n') + '\n');
  // The same rows as an unquoted CSV: the delimited loader's common case.
  const csv = join(work, 'ratings.csv');
  writeFileSync(csv, 'userId,movieId,rating,timestamp\n' + out.join('\n').replaceAll('::', ',') + '\n');
  const csvColumns = { user: 'userId', item: 'movieId', value: 'rating', timestamp: 'timestamp' };

  const cases = [
    ['ratings.dat (ML-1M size, from u.data)', ratings, (m, f) => m.loadMovieLens(f)],
    ['ml-100k/u.data', uData, (m, f) => m.loadMovieLens(f)],
    [
      'ratings.csv (ML-1M size, --format csv)',
      csv,
      (m, f) => m.loadDelimited(f, { header: true, columns: csvColumns }),
    ],
    [
      'taobao UserBehavior head',
      sharedData('taobao-userbehavior-head', 'UserBehavior_head814users.csv'),
      (m, f) => m.loadTaobao(f),
    ],
    ['ncf ml-1m.test.negative', sharedData('ncf-official', 'ml-1m.test.negative'), (m, f) => m.loadNcfNegatives(f)],
    [
      'ncf pinterest-20.test.rating',
      sharedData('ncf-official', 'pinterest-20.test.rating'),
      (m, f) => m.loadNcfRatings(f),
    ],
    ['citeulike-t mult.dat', sharedData('citeulike-t', 'mult.dat'), (m, f) => m.loadCiteULikeContent(f)],
  ].filter(([, file]) => file);

  const [sha, baseline] = await baselineModule(revision);
  const builds = [
    [`old (${sha})`, baseline],
    ['new', current],
  ];
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const fmt = (x) => `${(x / 1000).toFixed(0)}k`;
  const results = [];
  for (const [name, file, load] of cases) {
    const speeds = builds.map(() => []);
    let lines = 0;
    for (const [, module] of builds) await load(module, file); // warm-up: compile both before timing
    for (let run = 0; run < runs; run++) {
      // Alternate which build goes first, so neither always runs on a warmer cache.
      const order = run % 2 === 0 ? [0, 1] : [1, 0];
      for (const b of order) {
        const start = performance.now();
        const { report } = await load(builds[b][1], file);
        speeds[b].push(report.lines / ((performance.now() - start) / 1000));
        lines = report.lines;
      }
    }
    const [oldSpeeds, newSpeeds] = speeds;
    results.push([
      name,
      lines,
      `${fmt(median(oldSpeeds))} (${fmt(Math.min(...oldSpeeds))}–${fmt(Math.max(...oldSpeeds))})`,
      `${fmt(median(newSpeeds))} (${fmt(Math.min(...newSpeeds))}–${fmt(Math.max(...newSpeeds))})`,
      (median(newSpeeds) / median(oldSpeeds)).toFixed(2),
    ]);
  }
  console.log(`lines/s, median (range) of ${runs} runs each, old and new alternating; Node ${process.version}`);
  table(['file', 'lines', builds[0][0], 'new', 'new/old'], results);
  rmSync(work, { recursive: true, force: true });
}
