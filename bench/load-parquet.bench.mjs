// Loading throughput of Parquet (loadParquet, hyparquet) and of a DuckDB query on the same Parquet file (loadDuckDB,
// read_parquet), next to the CSV loader (loadDelimited) on the same rows: rows/s and peak RSS, each load alone in a
// fresh process (bench/load-parquet-worker.mjs) so that its peak is its own.
//
//   pnpm bench load-parquet        (ROWS=10000000, RUNS=1, LOADERS=csv,parquet,duckdb; KEEP=1 keeps the files)
//
// The rows are generated, seeded, into a temporary folder: user_id (200,000 users) and item_id (50,000 items, skewed
// towards popular ones) as INT32, rating 1-5 as INT32, timestamp (unix seconds, rising) as INT64; written as a CSV
// with a header and as a snappy Parquet file by hyparquet-writer (row groups of 100,000 rows). A 10M-row run took 1.5
// minutes here (26 s of it generating), each load peaking near 1 GiB; ROWS=1000000 is a quick look. RUNS > 1 alternates the loaders' order run by run and
// prints the median and range. Loaders whose optional package is missing are reported as skipped.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeInteractionsParquet } from '../scripts/ml100k-to-parquet.mjs';
import { lastJsonLine, median, table } from './shared.mjs';

const rows = Number(process.env.ROWS ?? 10_000_000);
const runs = Number(process.env.RUNS ?? 1);
const loaders = (process.env.LOADERS ?? 'csv,parquet,duckdb').split(',');
const worker = fileURLToPath(new URL('./load-parquet-worker.mjs', import.meta.url));

/** A seeded generator of uniform numbers in [0, 1) (mulberry32). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** `rows` seeded interactions as columns. */
function generate(n) {
  const next = random(13);
  const users = new Int32Array(n);
  const items = new Int32Array(n);
  const ratings = new Int32Array(n);
  const timestamps = new BigInt64Array(n);
  for (let r = 0; r < n; r++) {
    users[r] = Math.floor(next() * 200_000) + 1;
    // Cubing skews items towards low ids: a popular head and a long tail, as in real logs.
    items[r] = Math.floor(next() ** 3 * 50_000) + 1;
    ratings[r] = Math.floor(next() * 5) + 1;
    timestamps[r] = BigInt(1_500_000_000 + Math.floor(r / 10));
  }
  return { users, items, ratings, timestamps };
}

/** The columns as a CSV with a header, written in blocks (a 10M-row file does not fit one string). */
function writeCsv(file, { users, items, ratings, timestamps }) {
  const fd = openSync(file, 'w');
  writeSync(fd, 'user_id,item_id,rating,timestamp\n');
  const block = 100_000;
  for (let start = 0; start < users.length; start += block) {
    const lines = [];
    for (let r = start; r < Math.min(users.length, start + block); r++) {
      lines.push(`${users[r]},${items[r]},${ratings[r]},${timestamps[r]}\n`);
    }
    writeSync(fd, lines.join(''));
  }
  closeSync(fd);
}

const work = mkdtempSync(join(tmpdir(), 'recsys-load-parquet-'));
try {
  const files = { csv: join(work, 'events.csv'), parquet: join(work, 'events.parquet') };
  let start = performance.now();
  const columns = generate(rows);
  writeCsv(files.csv, columns);
  await writeInteractionsParquet(files.parquet, columns, 100_000);
  const mib = (file) => (statSync(file).size / 2 ** 20).toFixed(0);
  console.log(
    `${rows.toLocaleString('en-US')} rows generated in ${((performance.now() - start) / 1000).toFixed(1)} s: ` +
      `events.csv ${mib(files.csv)} MiB, events.parquet ${mib(files.parquet)} MiB (in ${work})`,
  );

  const results = Object.fromEntries(loaders.map((loader) => [loader, []]));
  const skipped = {};
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? loaders : [...loaders].reverse();
    for (const loader of order) {
      if (skipped[loader]) continue;
      start = performance.now();
      const file = loader === 'csv' ? files.csv : files.parquet;
      const out = execFileSync(process.execPath, [worker, loader, file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      });
      const result = lastJsonLine(out);
      if (result.skipped) skipped[loader] = result.skipped;
      else results[loader].push(result);
    }
  }

  const reference = results.csv?.[0];
  const k = (x) => `${(x / 1000).toFixed(0)}k`;
  const spread = (xs, f) =>
    xs.length > 1 ? `${f(median(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})` : f(xs[0]);
  const lines = [];
  for (const loader of loaders) {
    const list = results[loader];
    if (!list || list.length === 0) continue;
    const first = list[0];
    // The loaders must agree on what they read, or their speeds are not comparable.
    const agrees =
      !reference || ['rows', 'kept', 'users', 'items'].every((key) => list.every((r) => r[key] === reference[key]));
    lines.push([
      { csv: 'csv (loadDelimited)', parquet: 'parquet (loadParquet)', duckdb: 'duckdb read_parquet (loadDuckDB)' }[
        loader
      ] ?? loader,
      first.rows.toLocaleString('en-US'),
      spread(
        list.map((r) => r.rows / r.seconds),
        k,
      ),
      spread(
        list.map((r) => r.seconds),
        (s) => s.toFixed(1),
      ),
      spread(
        list.map((r) => r.peakRssMiB),
        (m) => m.toFixed(0),
      ),
      first.rssBeforeMiB.toFixed(0),
      agrees ? 'yes' : `NO: ${JSON.stringify({ kept: first.kept, users: first.users, items: first.items })}`,
    ]);
  }
  console.log(
    `rows/s = rows read / seconds of the load call; ${runs} run(s) each, each load in its own process; ` +
      `Node ${process.version}`,
  );
  table(['loader', 'rows', 'rows/s', 's', 'peak RSS MiB', 'RSS before', 'same rows as csv'], lines);
  for (const [loader, why] of Object.entries(skipped)) console.log(`${loader}: skipped: ${why}`);
} finally {
  if (process.env.KEEP !== '1') rmSync(work, { recursive: true, force: true });
}
