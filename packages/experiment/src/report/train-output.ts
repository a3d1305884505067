import { describeValue } from '@recsys/data';

/**
 * One epoch of a training run, as `recsys train` prints it (the `EpochInfo` of `@recsys/train`'s `fitModel`).
 *
 * @example
 * ```ts
 * const epoch: EpochRecord = {
 *   epoch: 1, loss: 0.69, learningRate: 0.001, samples: 495285, stepSeconds: 8.2, samplingSeconds: 1.1,
 *   samplesPerSecond: 60400, validation: { hr: 0.40, ndcg: 0.22 },
 * };
 * ```
 */
export interface EpochRecord {
  /** 1-based. */
  epoch: number;
  /** Mean training loss. */
  loss: number;
  learningRate: number;
  /** Training examples seen (positives + negatives). */
  samples: number;
  /** Seconds in training steps. */
  stepSeconds: number;
  /** Seconds drawing negatives and shuffling. */
  samplingSeconds: number;
  samplesPerSecond: number;
  /** Validation metrics after the epoch (e.g. `{ hr: 0.61, ndcg: 0.35 }`), when validating. */
  validation?: Record<string, number>;
}

/**
 * What `recsys train` prints on stdout: the run, and for a model trained by epochs, its history.
 *
 * @example
 * ```ts
 * const run: TrainOutput = JSON.parse(stdout); // recsys train --model gmf … > train.json
 * renderHistoryText(run);
 * ```
 */
export interface TrainOutput {
  model: string;
  /** The directory the model was saved to. */
  out: string;
  users: number;
  items: number;
  /** Training interactions. */
  rows: number;
  seed: number;
  /** Seconds of the whole fit. */
  seconds: number;
  /** Epochs run (models trained by epochs only). */
  epochs?: number;
  /** The epoch whose parameters the model kept. */
  bestEpoch?: number;
  stoppedEarly?: boolean;
  history?: EpochRecord[];
}

/**
 * Checks that a value has the shape of {@link TrainOutput} before a report reads it: a string `model`, and when
 * present, `history` an array of objects with a number `epoch`. Numbers are not checked: non-finite ones show as
 * `n/a` and are left out of the charts.
 *
 * @param owner - the renderer, for the message.
 * @throws TypeError naming the renderer and the field that is missing or of the wrong kind.
 * @example
 * ```ts
 * const run = checkTrainOutput('renderHistoryHtml', JSON.parse(stdout));
 * ```
 */
export function checkTrainOutput(owner: string, value: unknown): TrainOutput {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${owner}: expected the JSON that recsys train prints, got ${describeValue(value)}`);
  }
  const run = value as Record<string, unknown>;
  if (typeof run.model !== 'string') {
    throw new TypeError(
      `${owner}: the training output must name its model (a string), got ${describeValue(run.model)}`,
    );
  }
  if (run.history !== undefined) {
    if (!Array.isArray(run.history)) {
      throw new TypeError(`${owner}: history must be an array of epochs, got ${describeValue(run.history)}`);
    }
    run.history.forEach((epoch: unknown, i) => {
      if (epoch === null || typeof epoch !== 'object' || typeof (epoch as { epoch?: unknown }).epoch !== 'number') {
        throw new TypeError(
          `${owner}: history[${i}] must be an epoch record with a number epoch, got ${describeValue(epoch)}`,
        );
      }
    });
  }
  return value as TrainOutput;
}

/**
 * The validation metric names of a history, in the order they first appear (e.g. `['hr', 'ndcg']`).
 *
 * @example
 * ```ts
 * validationMetrics([{ epoch: 1, validation: { hr: 0.6, ndcg: 0.3 } }]); // ['hr', 'ndcg']
 * ```
 */
export function validationMetrics(history: readonly Pick<EpochRecord, 'validation'>[]): string[] {
  const names = new Set<string>();
  for (const epoch of history) for (const name of Object.keys(epoch.validation ?? {})) names.add(name);
  return [...names];
}
