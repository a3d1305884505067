/**
 * Building blocks for neural recommenders, as tfjs-layers layers and ops with hand-written gradients — NCF's GMF, MLP
 * and NeuMF parts, DMF's cosine head, DELF's attentive pooling, pairwise towers and fusion heads, DualNet's encoders
 * and matching, the multi-feedback model's branches — and the {@link Tape} the training engine differentiates them on.
 * The built-in models are assembled from them; so can yours be.
 *
 * - Layers: {@link RecsysEmbedding} (cold ids → zero vectors; host-side table access for the sparse trainer),
 *   {@link ElementwiseProduct} (GMF), {@link DotProduct} (MF), {@link MLPTower} (with {@link halvingTower}) and
 *   {@link PredictionHead} (concatenation fusion, sigmoid or logits); DMF's {@link CosineHead}; DELF's
 *   {@link AttentivePooling} (attentive NSVD aggregation over padded histories), {@link PairwiseTowers} and
 *   {@link FusionHead} (concatenation, MLP or empirical fusion).
 * - Every layer is registered for serialization on import, works in `tf.sequential`/`tf.model` graphs and when applied
 *   eagerly, and survives a save/load round trip.
 * - Ops with hand-written gradients: {@link dense} (fused forward, a gradient that avoids transposed matmuls, several
 *   times faster on wasm), {@link multiply}, {@link rowDot}, {@link concatColumns}, {@link splitRows},
 *   {@link dropout}; and {@link embeddingLookup} (a gather whose gradient works on wasm).
 * - Any other differentiable tfjs function joins the tape through {@link differentiable} (tfjs's own gradient as its
 *   backward rule), and any tfjs-layers layer through {@link applyOnTape}.
 * - Only functional tfjs ops are used, so importing `@tensorflow/tfjs-core` and `@tensorflow/tfjs-layers` (peers)
 *   is enough; importing this package also registers the core ops' gradients (through tfjs-layers).
 *
 * @packageDocumentation
 * @module \@recsys/layers
 */
export { type DenseActivation, DENSE_ACTIVATIONS, isDenseActivation, dense } from './ops/dense.js';
export { embeddingLookup } from './ops/embedding-lookup.js';
export { multiply } from './ops/multiply.js';
export { concatColumns } from './ops/concat-columns.js';
export { rowDot } from './ops/row-dot.js';
export { dropout } from './ops/dropout.js';
export { splitRows } from './ops/split-rows.js';
export { weightedRows } from './ops/weighted-rows.js';
export { slotSoftmax, type SlotNormalization, SCORE_FLOOR } from './ops/slot-softmax.js';
export { takeRows } from './ops/take-rows.js';
export { blockScores } from './ops/block-scores.js';
export { mixSeeds } from './ops/mix-seeds.js';
export { columnSums } from './ops/ones-row.js';
export { Tape, type Backward, type MultiBackward } from './autodiff/tape.js';
export {
  differentiable,
  recordWithAutodiff,
  type TensorFunction,
  type TapedFunction,
} from './autodiff/differentiable.js';
export { applyOnTape } from './autodiff/apply-on-tape.js';
export { unitSeed, isUnitSeed } from './autodiff/unit-seed.js';
export {
  type Initializer,
  type InitializerName,
  type InitializerSpec,
  type SerializedInitializer,
  isInitializerName,
  resolveInitializer,
  serializeInitializer,
} from './initializers.js';
export { type BaseLayerArgs, type Kwargs, type ForwardOptions, buildFor } from './layer-utils.js';
export { type RecsysEmbeddingArgs, RecsysEmbedding } from './embedding.js';
export { ElementwiseProduct } from './elementwise-product.js';
export { DotProduct } from './dot-product.js';
export { type MLPTowerArgs, type L2Penalty, MLPTower } from './mlp-tower.js';
export { halvingTower, halvingEmbeddingSize } from './halving-tower.js';
export { type PredictionHeadArgs, PredictionHead } from './prediction-head.js';
export { type CosineHeadArgs, CosineHead } from './cosine-head.js';
export {
  type AttentivePoolingArgs,
  type AttentionScoring,
  type AttentionNormalization,
  AttentivePooling,
} from './attentive-pooling.js';
export { type PairwiseTowersArgs, DELF_PAIRS, PairwiseTowers } from './pairwise-towers.js';
export { type FusionHeadArgs, type Fusion, FusionHead, empiricalFusionWeights } from './fusion-head.js';
export { type DualEncoderArgs, DualEncoder } from './dual-encoder.js';
export { type DualMatchingArgs, type DualDesign, type DualSide, DUAL_DESIGNS, DualMatching } from './dual-matching.js';
export { gradientMask } from './ops/gradient-mask.js';
export { type MultiBranchMLPArgs, type MultiBranchForwardOptions, MultiBranchMLP } from './multi-branch-mlp.js';
