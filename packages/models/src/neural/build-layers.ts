import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { RecsysEmbedding } from '@recsys/layers';

/**
 * Creates the weights of a model's layers up front by applying each once to a zero input: embeddings to ids of shape
 * `[1]`, each dense layer to inputs of the given widths (one width, or one per input). Going through `apply` (not
 * `build`) gives the weights tfjs-layers' scoped, unique names (`mlp_tower/kernel_0`) and marks the layer as used,
 * which `dispose()` requires.
 */
export function buildLayers(embeddings: RecsysEmbedding[], dense: [tfl.layers.Layer, number[]][]): void {
  tf.tidy(() => {
    for (const layer of embeddings) layer.apply(tf.zeros([1], 'int32'));
    for (const [layer, widths] of dense) {
      const inputs = widths.map((w) => tf.zeros([1, w]));
      layer.apply(inputs.length === 1 ? inputs[0] : inputs);
    }
  });
}
