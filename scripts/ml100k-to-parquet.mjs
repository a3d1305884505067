#!/usr/bin/env node
// Converts MovieLens-100K's u.data (user TAB item TAB rating TAB timestamp) to a Parquet file, to try the Parquet and
// DuckDB loaders on real data and to check them against the MovieLens loader:
//
//   node scripts/ml100k-to-parquet.mjs [u.data] [out.parquet]
//
// Defaults: ../shared/data/ml-100k/u.data beside the repository, and u.parquet in a new temporary folder (never write
// a dataset into the repository: its licence forbids shipping it). Prints the output path. The columns are user_id,
// item_id and rating (INT32) and timestamp (INT64, unix seconds), in the file's order; row groups of 1,000 and then
// 100,000 rows (hyparquet-writer's default), snappy-compressed. The lines are parsed here, independently of
// @recsys/data, so that a test comparing the two loads compares two readings of the same rows.
//
// hyparquet-writer is a devDependency of @recsys/data (its specs write Parquet files); it is resolved from there, so the
// script needs no package of its own. Load the result with
//   pnpm recsys data stats <out.parquet> --columns user=user_id,item=item_id,value=rating,timestamp=timestamp
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** hyparquet-writer, as @recsys/data's devDependency. */
export async function parquetWriter() {
  const require = createRequire(join(here, '../packages/data/package.json'));
  return import(pathToFileURL(require.resolve('hyparquet-writer')).href);
}

/**
 * Writes interaction columns to a Parquet file: `users`, `items` and `ratings` as INT32, `timestamps` as INT64.
 * @param {string} file
 * @param {{ users: Int32Array, items: Int32Array, ratings: Int32Array, timestamps: BigInt64Array }} columns
 * @param {number | number[]} [rowGroupSize]
 */
export async function writeInteractionsParquet(file, columns, rowGroupSize) {
  const { parquetWriteFile } = await parquetWriter();
  parquetWriteFile({
    filename: file,
    rowGroupSize,
    columnData: [
      { name: 'user_id', data: columns.users, type: 'INT32', nullable: false },
      { name: 'item_id', data: columns.items, type: 'INT32', nullable: false },
      { name: 'rating', data: columns.ratings, type: 'INT32', nullable: false },
      { name: 'timestamp', data: columns.timestamps, type: 'INT64', nullable: false },
    ],
  });
}

/**
 * Parses u.data strictly: four integer fields per line, TAB-separated; a trailing newline at the end only.
 * @param {string} text
 */
export function parseUData(text) {
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  const users = new Int32Array(lines.length);
  const items = new Int32Array(lines.length);
  const ratings = new Int32Array(lines.length);
  const timestamps = new BigInt64Array(lines.length);
  lines.forEach((line, k) => {
    const fields = line.split('\t');
    if (fields.length !== 4 || !fields.every((f) => /^\d+$/.test(f))) {
      throw new Error(`u.data:${k + 1}: expected four integers separated by tabs, got ${JSON.stringify(line)}`);
    }
    users[k] = Number(fields[0]);
    items[k] = Number(fields[1]);
    ratings[k] = Number(fields[2]);
    timestamps[k] = BigInt(fields[3]);
  });
  return { users, items, ratings, timestamps };
}

/**
 * Converts `input` (u.data) to `output` (Parquet) and returns the number of rows.
 * @param {string} input
 * @param {string} output
 */
export async function convertMovieLens100k(input, output) {
  const columns = parseUData(readFileSync(input, 'utf8'));
  await writeInteractionsParquet(output, columns);
  return columns.users.length;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [input = join(here, '../../shared/data/ml-100k/u.data'), given] = process.argv.slice(2);
  if (!existsSync(input)) {
    console.error(
      `ml100k-to-parquet: no file ${input}; give u.data's path: node scripts/ml100k-to-parquet.mjs <u.data>`,
    );
    process.exit(1);
  }
  const output = given ?? join(mkdtempSync(join(tmpdir(), 'recsys-ml100k-parquet-')), 'u.parquet');
  const rows = await convertMovieLens100k(input, output);
  console.error(`${input}: ${rows} rows written to ${output}`);
  console.log(output);
}
