// Types of harness.mjs, for the TypeScript spec that runs it on the sources (packages/data/src/loaders/fuzz.spec.ts).
import type * as data from '@recsys/data';

/** The loaders the fuzz runs, and the error class they throw. */
export type FuzzedLoaders = Pick<
  typeof data,
  | 'loadMovieLens'
  | 'loadNcfRatings'
  | 'loadNcfNegatives'
  | 'loadDelimited'
  | 'loadTaobao'
  | 'loadCiteULike'
  | 'loadCiteULikeContent'
  | 'DataFormatError'
>;

/** One run where the loader did not agree with the reference parse. */
export interface FuzzMismatch {
  format: string;
  /** The base file mutated. */
  base: string;
  case: number;
  /** The mutations applied, in order. */
  applied: string[];
  options: { lenient: boolean; duplicates?: string };
  expected: string;
  actual: string;
  /** Where the results first differ, when both loaded. */
  difference?: string;
  /** The mutated file, kept with `keepFailures`. */
  file?: string;
}

/** The outcome of the runs of one format. */
export interface FuzzTally {
  format: string;
  tried: number;
  /** Loaded exactly what the reference gives. */
  loadedEqual: number;
  /** Failed with a DataFormatError at the reference's first bad line. */
  failedRight: number;
  /** Loaded something the reference does not give: a silent drop or corruption. */
  silent: number;
  /** Failed at another line, refused a good file, or crashed. */
  other: number;
  mismatches: FuzzMismatch[];
}

/** Runs `cases` mutated files per format from `seed`; real prefixes from `dataDir` when given. */
export function fuzzLoaders(options: {
  loaders: FuzzedLoaders;
  cases: number;
  seed: number;
  dataDir?: string;
  keepFailures?: boolean;
}): Promise<FuzzTally[]>;
