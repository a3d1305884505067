import type { TrainOutput } from './train-output.js';

/**
 * A small `recsys train` output for the history specs: 6 epochs of NeuMF, validation HR and NDCG, best epoch 4,
 * stopped early. Specs only.
 *
 * @example
 * ```ts
 * const run = trainFixture();
 * ```
 */
export function trainFixture(): TrainOutput {
  const losses = [0.6931, 0.4102, 0.3517, 0.3204, 0.3011, 0.2899];
  const hr = [0.402, 0.551, 0.6, 0.623, 0.618, 0.611];
  const ndcg = [0.221, 0.309, 0.341, 0.356, 0.352, 0.347];
  return {
    model: 'neumf',
    out: 'models/neumf',
    users: 943,
    items: 1682,
    rows: 99057,
    seed: 42,
    seconds: 61.8,
    epochs: 6,
    bestEpoch: 4,
    stoppedEarly: true,
    history: losses.map((loss, i) => ({
      epoch: i + 1,
      loss,
      learningRate: 0.001,
      samples: 495285,
      stepSeconds: 8.2 + 0.1 * i,
      samplingSeconds: 1.1,
      samplesPerSecond: 495285 / (8.2 + 0.1 * i),
      validation: { hr: hr[i]!, ndcg: ndcg[i]! },
    })),
  };
}
