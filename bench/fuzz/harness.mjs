// The loader fuzz: mutated copies of each format's base files go through the loader and through the reference parse
// of the same bytes. A run passes when the loader loads exactly what the reference gives, or fails with a
// DataFormatError at the reference's first bad line (line 0: the whole file). Anything else is a mismatch: "silent"
// when the loader returned rows the reference does not (a drop or a corruption nobody is told about), "other" when it
// failed at another line, refused a good file or crashed. Used by bench/fuzz-loaders.bench.mjs (on the built dist)
// and packages/data/src/loaders/fuzz.spec.ts (on the sources), which pass in the loaders.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { baseFiles, FORMATS, policiesOf } from './formats.mjs';
import { mutate, random } from './mutations.mjs';
import { expected } from './reference.mjs';

/** Short text for a report: an outcome's error line, or its row count. */
function describe(outcome) {
  if (outcome.error !== undefined) return `error at line ${outcome.error}`;
  if (outcome.crash !== undefined) return `crash: ${outcome.crash}`;
  return `loaded ${outcome.report.rows} rows (${outcome.report.skipped} skipped)`;
}

/** The first key (depth-first) where two normalized results differ, for the report. */
function firstDifference(a, b, path = '') {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${path || 'value'}: expected ${JSON.stringify(a)?.slice(0, 80)}, got ${JSON.stringify(b)?.slice(0, 80)}`;
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const difference = firstDifference(a[key], b[key], `${path}.${key}`);
    if (difference) return difference;
  }
  return `${path}: differ`;
}

/**
 * Runs `cases` mutated files per format (the first case of each base file unmutated) in strict or lenient mode and a
 * random duplicate policy, all from `seed`.
 * @param {object} options - `{ loaders, cases, seed, dataDir?, keepFailures? }`: `loaders` is the @recsys/data module
 *   (or its loaders index); with `keepFailures` the files of mismatches are kept in a temporary folder.
 * @returns per format: tried, loadedEqual, failedRight, silent, other, and the mismatches.
 */
export async function fuzzLoaders({ loaders, cases, seed, dataDir, keepFailures = false }) {
  const dir = mkdtempSync(join(tmpdir(), 'recsys-fuzz-'));
  const tallies = [];
  try {
    for (const format of FORMATS) {
      const rng = random(seed);
      const bases = baseFiles(format, rng, dataDir);
      const tally = {
        format: format.name,
        tried: 0,
        loadedEqual: 0,
        failedRight: 0,
        silent: 0,
        other: 0,
        mismatches: [],
      };
      for (let c = 0; c < cases; c++) {
        const base = bases[c % bases.length];
        const { bytes, applied } =
          c < bases.length ? { bytes: base.bytes, applied: [] } : mutate(rng, base.bytes, format.separators);
        const options = { ...base.options, lenient: rng.next() < 0.3, duplicates: rng.pick(policiesOf(format)) };
        if (options.duplicates === undefined) delete options.duplicates;
        const file = join(dir, `${c}-${format.file}`);
        writeFileSync(file, bytes);
        const want = expected(format.reference, bytes, options);
        let got;
        try {
          got = format.normalize(await format.load(loaders, file, options));
        } catch (error) {
          got =
            error instanceof loaders.DataFormatError
              ? { error: error.line, message: error.message }
              : { crash: String(error?.stack ?? error) };
        }
        tally.tried++;
        let verdict;
        if (want.error !== undefined)
          verdict =
            got.error === want.error
              ? 'failedRight'
              : got.error === undefined && got.crash === undefined
                ? 'silent'
                : 'other';
        else
          verdict =
            got.error === undefined && got.crash === undefined
              ? isDeepStrictEqual(got, want)
                ? 'loadedEqual'
                : 'silent'
              : 'other';
        tally[verdict]++;
        if (verdict === 'silent' || verdict === 'other') {
          tally.mismatches.push({
            format: format.name,
            base: base.label,
            case: c,
            applied,
            options: { lenient: options.lenient, duplicates: options.duplicates },
            expected: describe(want),
            actual: got.message ?? describe(got),
            difference: want.error === undefined && got.error === undefined ? firstDifference(want, got) : undefined,
            file: keepFailures ? file : undefined,
          });
        } else rmSync(file);
      }
      tallies.push(tally);
    }
  } finally {
    const kept = keepFailures && tallies.some((tally) => tally.mismatches.length > 0);
    if (!kept) rmSync(dir, { recursive: true, force: true });
  }
  return tallies;
}
