// `pnpm bench [name …]`: runs bench/<name>.bench.mjs (all of them without a name) and prints their figures.
// Benchmarks print measurements (fuzz-loaders also exits 1 on a silent mismatch). Run `pnpm build` first (the root
// `bench` script does).
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const available = readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .map((f) => f.replace(/\.bench\.mjs$/, ''))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !available.includes(name));
if (unknown.length > 0) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : available) {
  console.log(`\n## ${name}`);
  await import(pathToFileURL(join(here, `${name}.bench.mjs`)).href);
}
