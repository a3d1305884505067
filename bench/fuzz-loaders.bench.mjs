// Loader fuzz (bench/fuzz/): each loader reads mutated copies of real files (prefixes of ../shared/data, plus small
// generated ones) and must either load exactly what an independent reference parse of the same bytes gives, or fail
// with a DataFormatError at the reference's first bad line. Prints cases per format and the mismatches; exits non-zero
// when there is any. FUZZ_CASES (default 600 per format) and FUZZ_SEED (default 1) set the run.
import * as loaders from '@recsys/data';
import { fuzzLoaders } from './fuzz/harness.mjs';
import { sharedData, table } from './shared.mjs';

const cases = Number(process.env.FUZZ_CASES ?? 600);
const seed = Number(process.env.FUZZ_SEED ?? 1);
const dataDir = sharedData();
const started = performance.now();
const tallies = await fuzzLoaders({ loaders, cases, seed, dataDir, keepFailures: true });
const seconds = (performance.now() - started) / 1000;
console.log(
  `${cases} cases per format, seed ${seed}, ${dataDir ? 'real prefixes and generated files' : 'generated files only'}`,
);
table(
  ['format', 'cases', 'loaded = reference', 'failed at its line', 'silent mismatches', 'other mismatches'],
  tallies.map((t) => [t.format, t.tried, t.loadedEqual, t.failedRight, t.silent, t.other]),
);
const mismatches = tallies.flatMap((t) => t.mismatches);
console.log(
  `${tallies.reduce((n, t) => n + t.tried, 0)} cases in ${seconds.toFixed(1)} s; ${mismatches.length} mismatches`,
);
for (const m of mismatches.slice(0, 20)) console.log(JSON.stringify(m));
if (mismatches.length > 0) process.exitCode = 1;
