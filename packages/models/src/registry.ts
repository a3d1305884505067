import { readModelDir, type ModelDirContents } from './io/model-dir.js';
import { ItemPop } from './item-pop.js';
import { BPRMF, type BPRMFOptions } from './mf/bpr-mf.js';
import { GMF, type GMFOptions } from './ncf/gmf.js';
import { MLP, type MLPOptions } from './ncf/mlp.js';
import { NeuMF, type NeuMFOptions } from './ncf/neumf.js';
import type { Recommender } from './recommender.js';

/** How to make a fresh model from CLI-style options, and how to restore a saved one. */
export interface ModelEntry {
  /** One line for `--help`. */
  description: string;
  /** A new, unfitted model. */
  create(options: Record<string, unknown>): Recommender;
  /** A model restored from a directory's contents. */
  restore(contents: ModelDirContents): Recommender;
}

const registry = new Map<string, ModelEntry>();

/** Registers a model under `name` so that {@link createRecommender} and {@link loadRecommender} know it. */
export function registerRecommender(name: string, entry: ModelEntry): void {
  registry.set(name.toLowerCase(), entry);
}

/** Names of the registered models. */
export function recommenderNames(): string[] {
  return [...registry.keys()];
}

/** The registry entry for `name`; throws listing the known names. */
export function recommenderEntry(name: string): ModelEntry {
  const entry = registry.get(name.toLowerCase());
  if (!entry) throw new Error(`unknown model "${name}" (known: ${recommenderNames().join(', ')})`);
  return entry;
}

/** A new, unfitted model by registry name, e.g. `createRecommender('itempop')`. */
export function createRecommender(name: string, options: Record<string, unknown> = {}): Recommender {
  return recommenderEntry(name).create(options);
}

/**
 * Loads any saved model from a directory written by `model.save(dir)`.
 *
 * @example
 * ```ts
 * const model = await loadRecommender('out/itempop');
 * const scores = await model.score(Int32Array.of(0), Int32Array.of(5));
 * ```
 */
export async function loadRecommender(dir: string): Promise<Recommender> {
  const contents = await readModelDir(dir);
  return recommenderEntry(contents.model).restore(contents);
}

registerRecommender('itempop', {
  description: 'ItemPop: items ranked by number of training interactions (non-personalised baseline)',
  create: () => new ItemPop(),
  restore: (contents) => ItemPop.fromContents(contents),
});

registerRecommender('gmf', {
  description: 'GMF (NCF): learned-weight matrix factorization, log loss with sampled negatives',
  create: (options) => new GMF(options as GMFOptions),
  restore: (contents) => GMF.fromContents(contents),
});

registerRecommender('mlp', {
  description: 'MLP (NCF): concatenated embeddings through a halving ReLU tower',
  create: (options) => new MLP(options as MLPOptions),
  restore: (contents) => MLP.fromContents(contents),
});

registerRecommender('neumf', {
  description: 'NeuMF (NCF): GMF and MLP branches fused under one head; optionally from pre-trained GMF + MLP',
  create: (options) => new NeuMF(options as NeuMFOptions),
  restore: (contents) => NeuMF.fromContents(contents),
});

registerRecommender('bprmf', {
  description: 'BPR-MF: dot-product matrix factorization with the pairwise BPR loss',
  create: (options) => new BPRMF(options as BPRMFOptions),
  restore: (contents) => BPRMF.fromContents(contents),
});
