import type { LossName } from '@recsys/train';
import type { OptionSchema } from './options/option-spec.js';

/** What a model declares about itself: its registry name, one line of description, and its hyper-parameters. */
export interface ModelSpec<S extends OptionSchema = OptionSchema> {
  /** Registry name: what `--model` takes and a saved model records (e.g. `'gmf'`). */
  readonly name: string;
  /** One line for `recsys train --help`. */
  readonly description: string;
  /** Hyper-parameters: the constructor's options, saved with the model. */
  readonly options: S;
}

/** What a neural model declares besides its {@link ModelSpec}. */
export interface NeuralModelSpec<S extends OptionSchema = OptionSchema> extends ModelSpec<S> {
  /** Losses it trains with, the default first. `'log'` reads the output as logits; `'bpr'` takes any scores. */
  readonly losses: readonly LossName[];
  /** What `forward` returns: `'logits'` (a score is their sigmoid) or `'scores'` (used as they are). */
  readonly output: 'logits' | 'scores';
}
