import { describeValue, Interactions, type InteractionColumns } from '@recsys/data';
import type { LossName } from '@recsys/train';
import type { Json } from '../io/model-dir.js';

/**
 * What a worker of a parallel fit needs to build a replica of a neural model: the registry name and hyper-parameters,
 * the training log's columns, the fit options that shape its batches, the loss, seed and backend. Structured-cloneable
 * (typed arrays and plain values): it is posted to every worker.
 */
export interface ReplicaData {
  model: string;
  options: { [key: string]: Json };
  log: {
    columns: InteractionColumns;
    numUsers: number;
    numItems: number;
    behaviourNames: readonly string[] | undefined;
  };
  /** The fit's options that reach the batches (plain values only). */
  fit: Record<string, unknown>;
  loss: LossName;
  seed: number;
  backend: string;
}

/** Fit options the main thread keeps: validation, callbacks and sinks never go to a worker. */
const MAIN_THREAD_OPTIONS = new Set([
  'validation',
  'validationNegatives',
  'monitor',
  'k',
  'patience',
  'progress',
  'onEpochEnd',
  'stop',
  'profile',
  'log',
  'workers',
  'epochs',
]);

/**
 * The fit options a worker rebuilds the batches with: every plain value (number, string, boolean, or an array of
 * them) outside the main thread's own.
 *
 * @throws RangeError naming an option a worker cannot receive (an object such as your own sampler instance).
 */
export function workerFitOptions(name: string, options: Record<string, unknown>): Record<string, unknown> {
  const fit: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || MAIN_THREAD_OPTIONS.has(key)) continue;
    const plain = (v: unknown): boolean => ['number', 'string', 'boolean'].includes(typeof v);
    if (!(plain(value) || (Array.isArray(value) && value.every(plain)))) {
      throw new RangeError(
        `${name}.fit: option "${key}" (${describeValue(value)}) cannot go to the workers of a parallel fit ` +
          '(each rebuilds its batches from plain options): use workers 1, or give it by name',
      );
    }
    fit[key] = value;
  }
  return fit;
}

/** The training log as columns a worker rebuilds it from (same index space; ids stay on the main thread). */
export function logData(train: Interactions): ReplicaData['log'] {
  const columns: InteractionColumns = { users: train.users, items: train.items };
  if (train.values) columns.values = train.values;
  if (train.timestamps) columns.timestamps = train.timestamps;
  if (train.behaviours) columns.behaviours = train.behaviours;
  return {
    columns,
    numUsers: train.numUsers,
    numItems: train.numItems,
    behaviourNames: train.behaviourNames.length > 0 ? train.behaviourNames : undefined,
  };
}

/** The training log a worker trains on, rebuilt from {@link logData}. */
export function logFromData(log: ReplicaData['log']): Interactions {
  return Interactions.fromColumns(log.columns, {
    numUsers: log.numUsers,
    numItems: log.numItems,
    behaviourNames: log.behaviourNames,
  });
}
