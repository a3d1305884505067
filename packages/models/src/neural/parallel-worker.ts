// The module every worker of a parallel neural fit runs (`fit(train, { workers: 2 })`): it rebuilds the model from
// the registry and its batches from the log and options the main thread posted, then trains its share of every epoch
// on the shared parameters (serveEpochs).
import { workerData } from 'node:worker_threads';
import { selectBackend, serveEpochs, type EpochWorkerInit } from '@recsys/train';
import { recommenderEntry, recommenderNames } from '../registry.js';
import { NeuralRecommender } from './neural-recommender.js';
import type { ReplicaData } from './replica.js';

const { replica, init } = workerData as { replica: ReplicaData; init: EpochWorkerInit };
await selectBackend({ backend: replica.backend as 'wasm' | 'cpu' | 'tensorflow', log: () => {} });
if (!recommenderNames().includes(replica.model.toLowerCase())) {
  // The worker knows the models @recsys/models registers, not one registered in the main thread's code.
  throw new Error(
    `the workers of a parallel fit rebuild models from @recsys/models' registry, and "${replica.model}" is not in ` +
      'it (a model you registered yourself): train it with workers 1',
  );
}
const model = recommenderEntry(replica.model).create(replica.options);
if (!(model instanceof NeuralRecommender)) throw new Error(`${replica.model} is not a neural model`);
const source = NeuralRecommender.replicate(model, replica);
serveEpochs(model, source, init);
