import {
  behaviourViews,
  checkDisjointPairs,
  checkSameIdSpace,
  checkSparseFeatures,
  describeValue,
  dualNetSplit,
  Interactions,
  leaveOneOut,
  Random,
  refuseUnknownOptions,
  sampleTestNegatives,
  selectCases,
  supportiveTestOverlap,
  targetLeaveOneOut,
  type SparseFeatures,
  type TargetLeaveOneOutReport,
  type TestNegatives,
} from '@recsys/data';
import {
  evaluateFullRanking,
  evaluateHoldout,
  evaluateSampled,
  sharedScorers,
  type EvaluationResult,
  type MetricName,
  type Scorer,
} from '@recsys/eval';
import { RECSYS_VERSION, type Recommender, type Validator } from '@recsys/models';
import { registeredModel, type CompareModel } from './compare-model.js';
import {
  type ComparisonProtocol,
  type ComparisonResult,
  type ComparisonRun,
  type TuningTrial,
} from './comparison-result.js';
import { catalogueCoverage } from './coverage.js';
import { searchPoints, type Params } from './search-space.js';
import { PerUserValues, summarise } from './summarise.js';

/** What {@link compare} reports as it goes (the CLI prints `message`). */
export interface CompareProgress {
  /** The model and seed being worked on. */
  model: string;
  seed: number;
  /** `trial` after each tuning trial, `test` after the refit's evaluation, `skipped` when a model cannot take part. */
  stage: 'trial' | 'test' | 'skipped';
  /** One line for a person. */
  message: string;
  /** With `stage: 'test'`: the finished run (worth keeping: a long comparison that is stopped keeps what it did). */
  run?: ComparisonRun;
}

/** Options of {@link compare}. */
export interface CompareOptions {
  /** The interactions: the whole log (leave-one-out), or the training part when `split` gives the test. */
  data: Interactions;
  /** A name for reports (a file name, say). Default `'data'`. */
  name?: string;
  /**
   * How each seed splits: `'leave-one-out'` (default: each user's latest interaction is the test case, the latest
   * before it the validation case); `{ test }`, a test log of `data`'s id space (e.g. a published split), with
   * validation the latest training interaction of each user; or `'dualnet'`, DualNet's split drawn per seed
   * (`dualNetSplit` of @recsys/data: new users 1 : 9, 20% of the items held out as cold, the known users' other pairs
   * 3 : 1 : 1 train, validation, test), evaluated `in-matrix` and `out-of-matrix`.
   */
  split?: 'leave-one-out' | 'dualnet' | { test: Interactions };
  /**
   * Test cases whose user or item has no training row (cold): `'exclude'` (default) leaves them out of every
   * model's evaluation, counted; `'include'` keeps them, so the figures are over all test users, as a paper that
   * evaluated on such a split reported (its cold items must be in `data`'s index space, rows without interactions:
   * the CLI widens it), and reports the warm cases alone beside them (`sampled-warm`, `full-warm`: the same trained
   * models, each warm case ranked against the same candidates). Validation stays warm either way. Not with the dualnet
   * split, whose cold items are a protocol of their own.
   */
  coldCases?: 'exclude' | 'include';
  /**
   * At most this many test cases per seed: a seeded sample of them (the same for every model of the seed), for data
   * whose full ranking over every test user is too dear (48,749 users × 39,493 items on the EHCF Taobao split: 1.9
   * billion scores per neural model and seed).
   * Both test protocols use the sample; validation is untouched; the report says how many were drawn of how many.
   * Default every case. Not with the dualnet split.
   */
  testCases?: number;
  /**
   * A target behaviour, for a log with a behaviours column (Taobao's pv, cart, fav, buy): each seed splits
   * leave-one-out on the target rows (`targetLeaveOneOut` of @recsys/data: supportive rows that would leak a held-out
   * purchase are dropped and counted), or takes `split: { test }` as the target's test. Models train on the target
   * rows, on every behaviour merged (`'ials+all'`), or on the multi-behaviour log (the multi-feedback model) — see
   * {@link CompareModel.trainOn}; all are tested on the same target cases, the sampled protocol's negatives drawn
   * among the items a user never interacted with in any way, full ranking leaving out the target items of training.
   * A case is warm when its user and item have a training row of any behaviour.
   */
  behaviours?: { target: string; supportive?: readonly string[] };
  /**
   * The items' content, one row per item index of `data` (cold items included): passed as `itemFeatures` to the
   * models whose fit takes it ({@link CompareModel.itemFeatures}: DualNet, the content profile); required when one
   * of them is compared.
   */
  itemFeatures?: SparseFeatures;
  /** The models: registered names (`'ease'`, `'neumf-pretrained'`, …) or {@link CompareModel}s. */
  models: readonly (string | CompareModel)[];
  /**
   * Test protocols. Default `['sampled', 'full']`; with the dualnet split (which takes only these two),
   * `['in-matrix', 'out-of-matrix']`.
   */
  protocols?: readonly ComparisonProtocol[];
  /** Negatives per case of the sampled protocol (test and validation). Default 99. */
  negatives?: number;
  /** Cutoffs K of the metrics. Default `[5, 10, 20]`; with the dualnet split `[50, 100, 200]`, as the paper. */
  ks?: readonly number[];
  /** Seeds (each a full run: negatives, search sample, model initialisation), or how many (1, 2, …). Default 3. */
  seeds?: readonly number[] | number;
  /** Most trials per model and seed; a larger grid is sampled (seeded). Default 8. */
  budget?: number;
  /**
   * What tuning maximises on validation: a protocol and a metric `'<name>@<k>'` (`hr`, `ndcg`, `recall`,
   * `precision`), or `'mrr'` / `'auc'`. Default `{ protocol: 'sampled', metric: 'ndcg@10' }` (full when the sampled
   * protocol is not among `protocols`); with the dualnet split `{ protocol: 'in-matrix', metric: 'recall@50' }`
   * (validation has no out-of-matrix cases).
   */
  selection?: { protocol: ComparisonProtocol; metric: string };
  /** Most epochs of a model trained by epochs. Default 30. */
  maxEpochs?: number;
  /** Epochs without a better validation score before a trial stops. Default 5. */
  patience?: number;
  /** Called as the comparison progresses. */
  onProgress?: (progress: CompareProgress) => void;
  /**
   * Called after each seed with the result so far (every finished seed; the seeds still to run are left out of
   * `seeds`): a comparison of hours that is stopped keeps a complete result of the seeds it finished.
   */
  onSeedEnd?: (result: ComparisonResult) => void;
  /** Stops the comparison between trials (rejects with the signal's reason). */
  signal?: AbortSignal;
}

const COMPARE_OPTIONS = [
  'data',
  'name',
  'split',
  'coldCases',
  'testCases',
  'behaviours',
  'itemFeatures',
  'models',
  'protocols',
  'negatives',
  'ks',
  'seeds',
  'budget',
  'selection',
  'maxEpochs',
  'patience',
  'onProgress',
  'onSeedEnd',
  'signal',
] as const;

/** The metrics reported at every K (the others, `mrr` and `auc`, do not depend on K). */
const AT_K: readonly MetricName[] = ['hr', 'ndcg', 'recall', 'precision'];

/** One seed's split: the inner one tunes, the outer one refits and tests. */
interface SeedSplit {
  innerTrain: Interactions;
  validation: Interactions;
  train: Interactions;
  test: Interactions;
  /** The counts the result reports. */
  info: ComparisonResult['split'];
  /** Leave-one-out and given-test splits: the sampled protocol's negatives (`warmTest`: of the warm test cases). */
  sampled?: { validation: TestNegatives; test: TestNegatives; warmTest?: TestNegatives };
  /** With cold test cases kept: the warm ones (user and item with training rows), for the `-warm` protocols. */
  warmTest?: Interactions;
  /**
   * With a target behaviour: the multi-behaviour training logs (inner: tuning, outer: refit), whose target rows are
   * `innerTrain` and `train`; every behaviour merged into distinct pairs is made on first use.
   */
  behaviours?: {
    inner: Interactions;
    outer: Interactions;
    merged: { inner?: Interactions; outer?: Interactions };
  };
  /** Dualnet split: in-matrix candidates (items with training rows), and the out-of-matrix cases and cold items. */
  dualnet?: {
    innerCandidates: Int32Array;
    candidates: Int32Array;
    outOfMatrix: Interactions;
    coldItems: Int32Array;
  };
}

/**
 * Compares recommenders the way the reproducibility studies asked for (Dacrema et al. 2019; Rendle et al. 2020):
 * for each seed, split; tune every model on the validation split only (grid or seeded random search within
 * `budget`; epochs by early stopping); refit the chosen settings on train + validation; evaluate once on test under
 * the sampled and full-ranking protocols at every K. The result has every run, each metric's mean over seeds with a
 * Student-t 95% interval, and a paired t-test (per user, averaged over seeds) of each model against the best.
 *
 * Test cases whose user or item has no training interaction (cold) are left out of the test, and counted in
 * `result.split`; no model can rank what it never saw, and a mix of cold and warm cases makes figures incomparable
 * (Dacrema et al. on DELF's Amazon result). A model that cannot take part (EASE refusing a catalogue it cannot hold,
 * a fit that throws) is recorded in `result.skipped` with the reason, and the comparison goes on.
 *
 * @example
 * ```ts
 * const { interactions } = await loadInteractions('u.data', { format: 'movielens' });
 * const result = await compare({ data: interactions, models: ['itempop', 'ease', 'ials', 'gmf'], seeds: 3 });
 * console.log(renderTable(result));
 * ```
 * @throws RangeError on an unknown option key, an unknown model, duplicate model names, a model used before it is
 *   compared, malformed ks/seeds/budget/negatives, a selection metric not reported, or a test log of another id
 *   space (or sharing pairs with `data`).
 */
export async function compare(options: CompareOptions): Promise<ComparisonResult> {
  refuseUnknownOptions('compare', options, COMPARE_OPTIONS);
  const started = new Date();
  const settings = checkOptions(options);
  const { data, models, protocols, ks, seeds, budget, selection, negatives, onProgress, signal } = settings;
  const done: number[] = [];
  const runs: ComparisonRun[] = [];
  const skipped: ComparisonResult['skipped'] = [];
  const perUser = new PerUserValues();
  let splitInfo: ComparisonResult['split'] | undefined;

  for (const seed of seeds) {
    const split = splitFor(settings, seed);
    splitInfo ??= split.info;
    const validator = selectionValidator(split, selection);
    // Chosen models of this seed kept for the models that use them: [inner (tuning), outer (refit)].
    const kept = new Map<string, [Recommender, Recommender]>();
    const usedNames = new Set(models.flatMap((m) => m.uses ?? []));
    for (const model of models) {
      signal?.throwIfAborted();
      const note = (stage: CompareProgress['stage'], message: string, run?: ComparisonRun) =>
        onProgress?.({ model: model.name, seed, stage, message, ...(run && { run }) });
      const uses: readonly string[] = model.uses ?? [];
      const missing = uses.filter((name) => !kept.has(name));
      if (missing.length > 0) {
        const reason = `needs ${missing.join(' and ')}, which could not take part on this seed`;
        skipped.push({ model: model.name, seed, reason });
        note('skipped', `${model.name} (seed ${seed}) skipped: ${reason}`);
        continue;
      }
      const used = (which: 0 | 1) => Object.fromEntries(uses.map((name) => [name, kept.get(name)![which]]));
      try {
        const tuned = await tune(model, split, validator, used(0), settings, seed, note);
        const final = await refit(model, tuned.chosen, tuned.epochs, split, used(1), settings, seed);
        const run = await test(model, final.model, split, protocols, ks, seed, perUser);
        const finished: ComparisonRun = {
          ...run,
          chosen: tuned.epochs === undefined ? tuned.chosen : { ...tuned.chosen, epochs: tuned.epochs },
          trials: tuned.trials,
          ...(tuned.curve && { curve: tuned.curve }),
          fitSeconds: final.seconds,
        };
        runs.push(finished);
        note('test', testLine(model.name, seed, run.metrics, selection, final.seconds), finished);
        if (usedNames.has(model.name)) kept.set(model.name, [tuned.model, final.model]);
        else {
          dispose(tuned.model);
          dispose(final.model);
        }
      } catch (error) {
        if (signal?.aborted) throw error;
        const reason = error instanceof Error ? error.message : String(error);
        skipped.push({ model: model.name, seed, reason });
        note('skipped', `${model.name} (seed ${seed}) skipped: ${reason}`);
      }
    }
    for (const [inner, outer] of kept.values()) {
      dispose(inner);
      dispose(outer);
    }
    done.push(seed);
    if (options.onSeedEnd && done.length < seeds.length) options.onSeedEnd(resultOf(done));
  }
  return resultOf(seeds);

  /** The result over the seeds `over` (the runs of those seeds). */
  function resultOf(over: readonly number[]): ComparisonResult {
    const kept = runs.filter((run) => over.includes(run.seed));
    return {
      format: 'recsys-comparison',
      version: 1,
      recsysVersion: RECSYS_VERSION,
      started: started.toISOString(),
      finished: new Date().toISOString(),
      data: { name: options.name ?? 'data', users: data.numUsers, items: data.numItems, interactions: data.size },
      // Leave-one-out by time is the same for every seed; the dualnet split draws anew (its counts: the first seed's).
      split: splitInfo!,

      protocols: [...protocols],
      negatives,
      ks: [...ks],
      seeds: [...over],
      selection: { ...selection },
      budget,
      runs: kept,
      summary: summarise(kept, perUser, over),
      skipped: skipped.filter((s) => s.seed === undefined || over.includes(s.seed)),
    };
  }
}

type Settings = ReturnType<typeof checkOptions>;

function checkOptions(options: CompareOptions) {
  const { data } = options;
  if (!(data instanceof Interactions)) {
    throw new TypeError(`compare: data must be an Interactions log, got ${describeValue(data)}`);
  }
  if (data.size === 0) throw new RangeError('compare: data is empty');
  const dualnet = options.split === 'dualnet';
  const allowed: readonly ComparisonProtocol[] = dualnet ? ['in-matrix', 'out-of-matrix'] : ['sampled', 'full'];
  const protocols = [...(options.protocols ?? allowed)];
  if (
    protocols.length === 0 ||
    protocols.some((p) => !allowed.includes(p)) ||
    new Set(protocols).size < protocols.length
  ) {
    throw new RangeError(
      `compare: protocols must list ${allowed.map((p) => `'${p}'`).join(' and/or ')} with the ` +
        `${dualnet ? 'dualnet' : 'leave-one-out or given-test'} split (got ${JSON.stringify(protocols)})`,
    );
  }
  const ks = [...(options.ks ?? (dualnet ? [50, 100, 200] : [5, 10, 20]))];
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1) || new Set(ks).size !== ks.length) {
    throw new RangeError(`compare: ks must be distinct integers ≥ 1 (got ${JSON.stringify(ks)})`);
  }
  ks.sort((a, b) => a - b);
  const seedOption = options.seeds ?? 3;
  const seeds = typeof seedOption === 'number' ? Array.from({ length: seedOption }, (_, k) => k + 1) : [...seedOption];
  if (
    seeds.length === 0 ||
    seeds.some((s) => !Number.isInteger(s) || s < 0 || s > 0xfffff) ||
    new Set(seeds).size !== seeds.length
  ) {
    throw new RangeError(
      `compare: seeds must be a count ≥ 1 or distinct integers in [0, 1048575] (got ${String(seedOption)})`,
    );
  }
  const budget = options.budget ?? 8;
  const negatives = options.negatives ?? 99;
  const maxEpochs = options.maxEpochs ?? 30;
  const patience = options.patience ?? 5;
  for (const [name, value] of Object.entries({ budget, negatives, maxEpochs, patience })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`compare: ${name} must be an integer ≥ 1 (got ${describeValue(value)})`);
    }
  }
  const selection =
    options.selection ??
    (dualnet
      ? { protocol: 'in-matrix' as const, metric: ks.includes(50) ? 'recall@50' : `recall@${ks[0]}` }
      : {
          protocol: protocols.includes('sampled') ? ('sampled' as const) : ('full' as const),
          metric: ks.includes(10) ? 'ndcg@10' : `ndcg@${ks[0]}`,
        });
  checkSelection(selection, ks, dualnet ? ['in-matrix'] : ['sampled', 'full']);
  if (!Array.isArray(options.models) || options.models.length === 0) {
    throw new RangeError('compare: models must list at least one model');
  }
  const models = options.models.map((m) => (typeof m === 'string' ? registeredModel(m) : m));
  const seen = new Set<string>();
  for (const model of models) {
    if (!model || typeof model.name !== 'string' || typeof model.create !== 'function') {
      throw new TypeError(`compare: a model must be a registered name or have a name and a create function`);
    }
    if (seen.has(model.name)) throw new RangeError(`compare: model "${model.name}" is listed twice`);
    for (const used of model.uses ?? []) {
      if (!seen.has(used)) {
        throw new RangeError(`compare: ${model.name} uses ${used}, which must be compared before it`);
      }
    }
    seen.add(model.name);
    searchPoints(model.space ?? {}, budget, 0); // a malformed space fails now, not after hours of other models
  }
  const { itemFeatures } = options;
  if (itemFeatures !== undefined) {
    checkSparseFeatures('compare', 'itemFeatures', itemFeatures);
    if (itemFeatures.numRows !== data.numItems) {
      throw new RangeError(
        `compare: itemFeatures has ${itemFeatures.numRows} rows for the data's ${data.numItems} items ` +
          '(one row per item index, cold items included)',
      );
    }
  } else {
    const needing = models.filter((m) => m.itemFeatures).map((m) => m.name);
    if (needing.length > 0) {
      throw new RangeError(`compare: ${needing.join(', ')} need the items' content: pass itemFeatures`);
    }
  }
  const coldCases = options.coldCases ?? 'exclude';
  if (coldCases !== 'exclude' && coldCases !== 'include') {
    throw new RangeError(`compare: coldCases must be 'exclude' or 'include' (got ${describeValue(coldCases)})`);
  }
  if (coldCases === 'include' && dualnet) {
    throw new RangeError(
      "compare: coldCases 'include' does not apply to the dualnet split (cold items are its own protocol)",
    );
  }
  // Kept cold cases are reported with the warm ones alone beside them: one run, both figures.
  const tested = coldCases === 'include' ? [...protocols, ...protocols.map((p) => WARM_TWIN[p]!)] : protocols;
  const testCases = options.testCases;
  if (testCases !== undefined && !(Number.isInteger(testCases) && testCases >= 1)) {
    throw new RangeError(`compare: testCases must be an integer ≥ 1 (got ${describeValue(testCases)})`);
  }
  if (testCases !== undefined && dualnet) {
    throw new RangeError('compare: testCases does not apply to the dualnet split (its test is per user, not per case)');
  }
  const behaviours = checkBehaviours(options.behaviours, data, dualnet, models);
  let givenTest: Interactions | undefined;
  if (options.split !== undefined && options.split !== 'leave-one-out' && !dualnet) {
    const test = (options.split as { test?: unknown }).test;
    if (!(test instanceof Interactions)) {
      throw new TypeError(`compare: split must be 'leave-one-out', 'dualnet' or { test: Interactions }`);
    }
    checkSameIdSpace('compare', data, test, { reference: 'data', log: 'the test log' });
    // With a target behaviour, a test purchase may follow a view of the same item: only the target rows must differ.
    const training = behaviours ? data.ofBehaviour(behaviours.target) : data;
    checkDisjointPairs('compare', training, test, 'a test pair cannot also be a training pair');
    if (behaviours && test.behaviours) {
      const code = test.behaviourNames.indexOf(behaviours.target);
      if (test.behaviours.some((b) => b !== code)) {
        throw new RangeError(
          `compare: the test log has rows of behaviours other than the target "${behaviours.target}"`,
        );
      }
    }
    givenTest = test;
  }
  return {
    data,
    givenTest,
    behaviours,
    coldCases,
    testCases,
    dualnet,
    itemFeatures,
    models,
    protocols: tested,
    ks,
    seeds,
    budget,
    negatives,
    maxEpochs,
    patience,
    selection,
    onProgress: options.onProgress,
    signal: options.signal,
  };
}

/** The protocol over the warm cases only of each protocol that ranks one test item per case. */
const WARM_TWIN: Partial<Record<ComparisonProtocol, ComparisonProtocol>> = {
  sampled: 'sampled-warm',
  full: 'full-warm',
};

function checkSelection(
  selection: { protocol: ComparisonProtocol; metric: string },
  ks: readonly number[],
  allowed: readonly ComparisonProtocol[],
): void {
  const { protocol, metric } = selection ?? {};
  if (!allowed.includes(protocol)) {
    throw new RangeError(
      `compare: selection.protocol must be ${allowed.map((p) => `'${p}'`).join(' or ')} with this split ` +
        `(got ${String(protocol)})`,
    );
  }
  const match = /^(hr|ndcg|recall|precision)@(\d+)$/.exec(String(metric));
  if (metric === 'mrr' || metric === 'auc') return;
  if (!match) {
    throw new RangeError(
      `compare: selection.metric must be hr, ndcg, recall or precision at a K ('ndcg@10'), or mrr, auc (got ${String(metric)})`,
    );
  }
  if (!ks.includes(Number(match[2]))) {
    throw new RangeError(`compare: selection.metric ${metric} is at a K not among ks (${ks.join(', ')})`);
  }
}

/**
 * The seed's split: outer (train + validation → test) and inner (train → validation), cold cases left out. With a
 * target behaviour, leave-one-out is on its rows: the target rows train the target-only models and define seen items,
 * the whole logs train the models that read every behaviour, and a case is warm when its user and item have a
 * training row of any behaviour.
 */
function splitFor(settings: Settings, seed: number): SeedSplit {
  if (settings.dualnet) return dualnetSplitFor(settings.data, seed);
  const { data, givenTest, negatives } = settings;
  const target = settings.behaviours?.target;
  const split = (log: Interactions) => (target ? targetLeaveOneOut(log, { target }) : leaveOneOut(log));
  const seen = (log: Interactions) => (target ? log.ofBehaviour(target) : log);
  const outer = givenTest ? { train: data, test: givenTest } : split(data);
  const inner = split(outer.train);
  const cases =
    settings.coldCases === 'include' ? allCases(outer.test, outer.train) : warmCases(outer.test, outer.train);
  const test =
    settings.testCases === undefined ? cases : { ...cases, log: sampleCases(cases.log, settings.testCases, seed) };
  const validation = warmCases(inner.test, inner.train);
  const what = target ? `"${target}" ` : '';
  if (test.log.size === 0) throw new RangeError(`compare: no ${what}test case has a user and item seen in training`);
  const testNegatives = sampleTestNegatives(data, test.log, { count: negatives, seed });
  // Cold cases kept: the warm ones alone too, each with the negatives it has among all (rows and cases align).
  const warm = (r: number) =>
    outer.train.userDegree(test.log.users[r]!) > 0 && outer.train.itemDegree(test.log.items[r]!) > 0;
  const warmTest = settings.coldCases === 'include' ? test.log.filter(warm) : undefined;
  if (warmTest?.size === 0) {
    throw new RangeError(
      `compare: every one of the ${test.log.size} ${what}test cases is cold (no training row for its user or item), so ` +
        'there is nothing to rank for sampled-warm and full-warm: do the test file and the data use the same ids?',
    );
  }
  if (validation.log.size === 0) {
    throw new RangeError(`compare: no validation case: users need 3 or more distinct ${what}items`);
  }
  const kind = givenTest ? 'given test' : 'leave-one-out';
  return {
    innerTrain: seen(inner.train),
    validation: validation.log,
    train: seen(outer.train),
    test: test.log,
    info: {
      kind: target ? `${kind} on "${target}"` : kind,
      train: outer.train.size,
      validation: validation.log.size,
      test: test.log.size,
      coldTestCases: test.cold,
      coldValidationCases: validation.cold,
      ...(settings.coldCases === 'include' && { coldTestCasesKept: true }),
      ...(test.log.size < cases.log.size && { testCasesDrawn: { drawn: test.log.size, of: cases.log.size } }),
      ...(target && {
        behaviours: { target, names: [...data.behaviourNames], ...leakCounts(outer, test.log, target) },
      }),
    },
    sampled: {
      // Never a user's test item among the validation negatives either: validation knows nothing of test. With
      // several behaviours, the data has them all: negatives are items the user never touched in any way.
      validation: sampleTestNegatives(data, validation.log, {
        count: negatives,
        seed: seed + 0x9e3779,
        exclude: [test.log], // (warm cases: a cold test item is not in data's space to be drawn anyway)
      }),
      test: testNegatives,
      ...(warmTest && { warmTest: selectCases(testNegatives, warm) }),
    },
    ...(warmTest && { warmTest }),
    ...(target && { behaviours: { inner: inner.train, outer: outer.train, merged: {} } }),
  };
}

/**
 * What the target split did with supportive rows of held-out pairs: dropped or kept by time (leave-one-out), or,
 * for a given test without time order, how many test pairs also have supportive training rows.
 */
function leakCounts(
  outer: { train: Interactions; report?: object },
  test: Interactions,
  target: string,
): { leakedSupportiveRows?: number; earlierSupportiveRows?: number; testPairsWithSupportive?: number } {
  const report = outer.report as Partial<TargetLeaveOneOutReport> | undefined;
  if (report?.leakedSupportiveRows !== undefined) {
    return { leakedSupportiveRows: report.leakedSupportiveRows, earlierSupportiveRows: report.earlierSupportiveRows };
  }
  return { testPairsWithSupportive: supportiveTestOverlap(outer.train, test, { target }).pairsWithSupportive };
}

/**
 * DualNet's split for a seed: tuning trains on its train part and validates on its validation part; the refit trains
 * on both and is tested in-matrix (test rows among the items with training rows) and out-of-matrix (the known users'
 * rows on the cold items, among the cold items). Cases whose user has no training row are left out and counted: no
 * model has a history to encode such a user from.
 */
function dualnetSplitFor(data: Interactions, seed: number): SeedSplit {
  const parts = dualNetSplit(data, { seed });
  const train = union(parts.train, parts.validation);
  const validation = warmCases(parts.validation, parts.train);
  const test = warmCases(parts.test, train);
  const outOfMatrix = parts.outOfMatrix.filter((r) => train.userDegree(parts.outOfMatrix.users[r]!) > 0);
  if (test.log.size === 0) throw new RangeError('compare: the dualnet split left no in-matrix test case');
  if (validation.log.size === 0) throw new RangeError('compare: the dualnet split left no validation case');
  return {
    innerTrain: parts.train,
    validation: validation.log,
    train,
    test: test.log,
    info: {
      kind: 'dualnet',
      train: train.size,
      validation: validation.log.size,
      test: test.log.size,
      coldTestCases: test.cold,
      coldValidationCases: validation.cold,
      outOfMatrix: outOfMatrix.size,
      coldOutOfMatrixCases: parts.outOfMatrix.size - outOfMatrix.size,
      coldItems: parts.coldItems.length,
      newUserRows: parts.report.newUserRows + parts.report.newUserColdRows,
    },
    dualnet: {
      innerCandidates: itemsWithRows(parts.train),
      candidates: itemsWithRows(train),
      outOfMatrix,
      coldItems: parts.coldItems,
    },
  };
}

/** Both logs' rows in one log (same index space; users, items, values and timestamps kept). */
function union(a: Interactions, b: Interactions): Interactions {
  const join = <T extends Int32Array | Float32Array | Float64Array>(x: T, y: T): T => {
    const out = new (x.constructor as new (n: number) => T)(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  const values = a.values && b.values ? join(a.values, b.values) : undefined;
  const timestamps = a.timestamps && b.timestamps ? join(a.timestamps, b.timestamps) : undefined;
  return Interactions.fromColumns(
    { users: join(a.users, b.users), items: join(a.items, b.items), values, timestamps },
    a.sameSpace(),
  );
}

/** The items with at least one row in `log`, ascending. */
function itemsWithRows(log: Interactions): Int32Array {
  return Int32Array.from({ length: log.numItems }, (_, i) => i).filter((i) => log.itemDegree(i) > 0);
}

/**
 * Every held-out row, in train's index space, and how many are cold (a user or item without training rows): kept, for
 * figures over all test users.
 *
 * @throws RangeError when a row's id is outside train's index space (no model has a row for it).
 */
function allCases(heldOut: Interactions, train: Interactions): { log: Interactions; cold: number } {
  const { users, items, values, timestamps } = heldOut;
  const outside = heldOut.filter((r) => !(users[r]! < train.numUsers && items[r]! < train.numItems)).size;
  if (outside > 0) {
    throw new RangeError(
      `compare: ${outside} test cases name a user or item outside the data's index space; to keep cold cases, give ` +
        "data the test log's id maps (its cold ids as rows without interactions)",
    );
  }
  const log = Interactions.fromColumns({ users, items, values, timestamps }, train.sameSpace());
  const cold = log.filter((r) => train.userDegree(users[r]!) === 0 || train.itemDegree(items[r]!) === 0).size;
  return { log, cold };
}

/**
 * `count` of `log`'s rows drawn without replacement (a partial Fisher–Yates shuffle seeded by `seed`), in their
 * original order; the whole log when it has no more rows.
 */
function sampleCases(log: Interactions, count: number, seed: number): Interactions {
  if (log.size <= count) return log;
  const rows = Int32Array.from({ length: log.size }, (_, r) => r);
  const random = new Random(seed ^ 0x5eed_ca5e);
  for (let j = 0; j < count; j++) {
    const pick = j + random.int(log.size - j);
    [rows[j], rows[pick]] = [rows[pick]!, rows[j]!];
  }
  const chosen = new Uint8Array(log.size);
  for (let j = 0; j < count; j++) chosen[rows[j]!] = 1;
  return log.filter((r) => chosen[r] === 1);
}

/** The held-out rows whose user and item both have training rows, and how many did not. */

function warmCases(heldOut: Interactions, train: Interactions): { log: Interactions; cold: number } {
  const warm = heldOut.filter((r) => {
    const u = heldOut.users[r]!;
    const i = heldOut.items[r]!;
    return u < train.numUsers && i < train.numItems && train.userDegree(u) > 0 && train.itemDegree(i) > 0;
  });
  // In train's index space (a given test file may have widened its own with cold ids).
  const { users, items, values, timestamps } = warm;
  const log = Interactions.fromColumns({ users, items, values, timestamps }, train.sameSpace());
  return { log, cold: heldOut.size - log.size };
}

/** Scores a model on the validation split by the selection metric. */
function selectionValidator(split: SeedSplit, selection: { protocol: ComparisonProtocol; metric: string }): Validator {
  const [name, at] = selection.metric.split('@') as [MetricName, string | undefined];
  const k = at === undefined ? 10 : Number(at);
  return {
    monitor: selection.metric,
    heldOut: split.validation,
    train: split.innerTrain,
    evaluate: async (model) => {
      const result =
        selection.protocol === 'in-matrix'
          ? await evaluateHoldout(model, split.innerTrain, split.validation, {
              k,
              candidates: split.dualnet!.innerCandidates,
            })
          : selection.protocol === 'sampled'
            ? await evaluateSampled(model, split.sampled!.validation, { k })
            : await evaluateFullRanking(model, split.innerTrain, split.validation, { k });
      return { [selection.metric]: result.metrics[name] };
    },
  };
}

interface Tuned {
  chosen: Params;
  epochs: number | undefined;
  curve: number[] | undefined;
  trials: TuningTrial[];
  /** The chosen trial's model, fitted on the inner split. */
  model: Recommender;
}

async function tune(
  model: CompareModel,
  split: SeedSplit,
  validator: Validator,
  used: Record<string, Recommender>,
  settings: Settings,
  seed: number,
  note: (stage: CompareProgress['stage'], message: string) => void,
): Promise<Tuned> {
  const points = searchPoints(model.space ?? {}, settings.budget, seed);
  const trials: TuningTrial[] = [];
  let best: Tuned | undefined;
  let bestScore = -Infinity;
  let lastFailure = '';
  const train = trainingLog(model, split, 'inner');
  // The validator scores against the target rows; it is made for whichever log this model fits on.
  const validation: Validator = train === validator.train ? validator : { ...validator, train };
  for (const [t, params] of points.entries()) {
    settings.signal?.throwIfAborted();
    const start = performance.now();
    const candidate = await model.create(withBehaviours(model, params, settings), used);
    let score: number;
    let epochs: number | undefined;
    let curve: number[] | undefined;
    try {
      const fitOptions = fitOptionsOf(model, params, settings, seed);
      if (model.epochs) {
        const report = (await candidate.fit(train, {
          ...fitOptions,
          epochs: settings.maxEpochs,
          patience: settings.patience,
          validation,
          progress: false,
        } as Parameters<Recommender['fit']>[1])) as unknown as { history?: EpochHistory };
        if (!report.history) throw new Error(`${model.name}: fit reported no epoch history (epochs: true needs one)`);
        curve = report.history.epochs.map((e) => e.validation?.[validator.monitor] ?? Number.NaN);
        epochs = report.history.bestEpoch;
        score = curve[epochs - 1]!;
      } else {
        await candidate.fit(train, fitOptions as Parameters<Recommender['fit']>[1]);
        score = (await validator.evaluate(candidate))[validator.monitor]!;
      }
    } catch (error) {
      dispose(candidate);
      if (settings.signal?.aborted) throw error;
      // One point of the grid failing (diverged, or refused as degenerate) does not sink the others: it is recorded.
      lastFailure = error instanceof Error ? error.message : String(error);
      const seconds = (performance.now() - start) / 1000;
      trials.push({ params, score: Number.NaN, failed: lastFailure, seconds });
      note(
        'trial',
        `${model.name} seed ${seed} trial ${t + 1}/${points.length} ${JSON.stringify(params)}: failed: ${lastFailure}`,
      );
      continue;
    }
    if (!Number.isFinite(score)) {
      dispose(candidate);
      lastFailure = `validation ${validator.monitor} is ${score} for ${JSON.stringify(params)}`;
      trials.push({ params, score: Number.NaN, failed: lastFailure, seconds: (performance.now() - start) / 1000 });
      note('trial', `${model.name} seed ${seed} trial ${t + 1}/${points.length}: failed: ${lastFailure}`);
      continue;
    }
    const seconds = (performance.now() - start) / 1000;
    trials.push({ params, score, ...(epochs !== undefined && { epochs, curve }), seconds });
    note(
      'trial',
      `${model.name} seed ${seed} trial ${t + 1}/${points.length} ${JSON.stringify(params)}: validation ` +
        `${validator.monitor} ${score.toFixed(4)}${epochs === undefined ? '' : ` at epoch ${epochs}`} (${seconds.toFixed(1)} s)`,
    );
    if (score > bestScore) {
      if (best) dispose(best.model);
      bestScore = score;
      best = { chosen: params, epochs, curve, trials, model: candidate };
    } else dispose(candidate);
  }
  if (!best) {
    throw new Error(
      points.length === 1 ? lastFailure : `every one of its ${points.length} trials failed; the last: ${lastFailure}`,
    );
  }
  return best;
}

interface EpochHistory {
  epochs: { validation?: Record<string, number> }[];
  bestEpoch: number;
}

async function refit(
  model: CompareModel,
  chosen: Params,
  epochs: number | undefined,
  split: SeedSplit,
  used: Record<string, Recommender>,
  settings: Settings,
  seed: number,
): Promise<{ model: Recommender; seconds: number }> {
  settings.signal?.throwIfAborted();
  const train = trainingLog(model, split, 'outer');
  const final = await model.create(withBehaviours(model, chosen, settings), used);
  const fitOptions = fitOptionsOf(model, chosen, settings, seed);
  if (epochs !== undefined) Object.assign(fitOptions, { epochs, progress: false });
  try {
    const report = await final.fit(train, fitOptions as Parameters<Recommender['fit']>[1]);
    return { model: final, seconds: report.seconds };
  } catch (error) {
    dispose(final);
    throw error;
  }
}

/** A point's settings, with the target (and supportive) behaviours for a model that trains on every behaviour. */
function withBehaviours(model: CompareModel, params: Params, settings: Settings): Params {
  const { behaviours } = settings;
  if (!behaviours || model.trainOn !== 'behaviours') return params;
  return {
    ...params,
    target: behaviours.target,
    ...(behaviours.supportive && { supportive: [...behaviours.supportive] }),
  };
}

/** A trial's or the refit's fit options: the point's, the seed, and the item features for a model that takes them. */
function fitOptionsOf(model: CompareModel, params: Params, settings: Settings, seed: number): Record<string, unknown> {
  return {
    ...model.fitOptions?.(params),
    seed,
    ...(model.itemFeatures && { itemFeatures: settings.itemFeatures }),
  };
}

/**
 * Evaluates the refit model on test: every protocol at every K, plus catalogue coverage under full ranking. Only a
 * model that scores cold items is evaluated out-of-matrix.
 */
async function test(
  entry: CompareModel,
  model: Recommender,
  split: SeedSplit,
  protocols: readonly ComparisonProtocol[],
  ks: readonly number[],
  seed: number,
  perUser: PerUserValues,
): Promise<Pick<ComparisonRun, 'model' | 'seed' | 'evalSeconds' | 'metrics'>> {
  const { name } = entry;
  const metrics: ComparisonRun['metrics'] = {};
  const evalSeconds: ComparisonRun['evalSeconds'] = {};
  for (const protocol of protocols) {
    if (protocol === 'out-of-matrix' && !entry.coldItems) continue;
    const values: Record<string, number> = {};
    // Every K side by side on one scoring pass: the ranking does not depend on K.
    const start = performance.now();
    const scorers = sharedScorers(model, ks.length);
    const results = await Promise.all(ks.map((k, j) => testOnce(scorers[j]!, split, protocol, k)));
    let seconds = (performance.now() - start) / 1000;
    for (const [index, k] of ks.entries()) {
      const result = results[index]!;
      const record = (key: string, metric: MetricName) => {
        const value = result.metrics[metric];
        if (!Number.isFinite(value)) throw new Error(`${name}: test ${protocol} ${key} is ${value}`);
        values[key] = value;
        perUser.add(name, protocol, key, result.perUser.users, result.perUser[metric]);
      };
      for (const metric of AT_K) record(`${metric}@${k}`, metric);
      if (index === 0) {
        record('mrr', 'mrr');
        record('auc', 'auc');
      }
    }
    if (protocol === 'full') {
      const start = performance.now();
      const coverage = await catalogueCoverage(model, split.test, ks);
      ks.forEach((k, j) => (values[`coverage@${k}`] = coverage[j]!));
      seconds += (performance.now() - start) / 1000;
    }
    metrics[protocol] = values;
    evalSeconds[protocol] = seconds;
  }
  return { model: name, seed, evalSeconds, metrics };
}

/** One protocol at one K on the seed's test cases. */
async function testOnce(
  model: Scorer,
  split: SeedSplit,
  protocol: ComparisonProtocol,
  k: number,
): Promise<EvaluationResult> {
  switch (protocol) {
    case 'sampled':
      return evaluateSampled(model, split.sampled!.test, { k });
    case 'full':
      return evaluateFullRanking(model, split.train, split.test, { k });
    case 'sampled-warm':
      return evaluateSampled(model, split.sampled!.warmTest!, { k });
    case 'full-warm':
      return evaluateFullRanking(model, split.train, split.warmTest!, { k });
    case 'in-matrix':
      return evaluateHoldout(model, split.train, split.test, { k, candidates: split.dualnet!.candidates });
    case 'out-of-matrix': {
      const { outOfMatrix, coldItems } = split.dualnet!;
      return evaluateHoldout(model, split.train, outOfMatrix, { k, candidates: coldItems });
    }
  }
}

function testLine(
  model: string,
  seed: number,
  metrics: ComparisonRun['metrics'],
  selection: { protocol: ComparisonProtocol; metric: string },
  fitSeconds: number,
): string {
  const parts = Object.entries(metrics).map(([protocol, values]) => {
    const shown = ['hr@10', 'ndcg@10'].filter((key) => values![key] !== undefined);
    const keys = shown.length > 0 ? shown : [selection.metric];
    return `${protocol} ${keys.map((key) => `${key} ${values![key]!.toFixed(4)}`).join(' ')}`;
  });
  return `${model} seed ${seed} test: ${parts.join(', ')} (refit ${fitSeconds.toFixed(1)} s)`;
}

function dispose(model: Recommender): void {
  (model as { dispose?: () => void }).dispose?.();
}

/**
 * The target behaviour and its supportive ones, checked against the data (a behaviours column that has them) and the
 * models (one that trains on every behaviour needs them).
 */
function checkBehaviours(
  option: CompareOptions['behaviours'],
  data: Interactions,
  dualnet: boolean,
  models: readonly CompareModel[],
): { target: string; supportive?: readonly string[] } | undefined {
  if (option === undefined) {
    const needing = models.filter((m) => (m.trainOn ?? 'target') !== 'target').map((m) => m.name);
    if (needing.length > 0) {
      throw new RangeError(
        `compare: ${needing.join(', ')} train${needing.length === 1 ? 's' : ''} on several behaviours: give ` +
          'behaviours: { target } (e.g. "buy") and a log with a behaviours column',
      );
    }
    return undefined;
  }
  if (option === null || typeof option !== 'object' || typeof option.target !== 'string') {
    throw new TypeError(`compare: behaviours must be { target, supportive? }, got ${describeValue(option)}`);
  }
  refuseUnknownOptions('compare: behaviours', option, ['target', 'supportive']);
  if (dualnet) throw new RangeError('compare: behaviours do not apply to the dualnet split');
  // Names the unknown or absent behaviours, now rather than after hours of other models.
  const views = behaviourViews(data, { target: option.target, supportive: option.supportive });
  return { target: views.target, ...(option.supportive && { supportive: views.supportive }) };
}

/** The log a model fits on in the tuning (`'inner'`) or refit (`'outer'`) stage of a seed. */
function trainingLog(model: CompareModel, split: SeedSplit, stage: 'inner' | 'outer'): Interactions {
  const target = stage === 'inner' ? split.innerTrain : split.train;
  const logs = split.behaviours;
  if (!logs) return target;
  switch (model.trainOn ?? 'target') {
    case 'target':
      return target;
    case 'behaviours':
      return logs[stage];
    case 'all':
      return (logs.merged[stage] ??= distinctPairs(logs[stage]));
  }
}

/** One row per distinct (user, item) pair of `log`, whatever its behaviours (one of its rows' time, when timed). */
function distinctPairs(log: Interactions): Interactions {
  const rows: number[] = [];
  for (let u = 0; u < log.numUsers; u++) {
    for (let k = log.userPtr[u]!; k < log.userPtr[u + 1]!; k++) {
      if (k > log.userPtr[u]! && log.userItems[k] === log.userItems[k - 1]) continue;
      rows.push(log.userRows[k]!);
    }
  }
  rows.sort((a, b) => a - b);
  const index = Int32Array.from(rows);
  const pick = <T extends Int32Array | Float64Array>(x: T): T => {
    const out = new (x.constructor as new (n: number) => T)(index.length);
    index.forEach((r, k) => (out[k] = x[r]!));
    return out;
  };
  return Interactions.fromColumns(
    { users: pick(log.users), items: pick(log.items), timestamps: log.timestamps && pick(log.timestamps) },
    { ...log.sameSpace(), behaviourNames: undefined },
  );
}
