import * as tf from '@tensorflow/tfjs-core';
import type { Tape } from '../autodiff/tape.js';

/** How {@link slotSoftmax} normalises: `e^{s_l} / Σ e^{s}` (`'softmax'`) or `e^{s_l} / √Σ e^{s}` (`'sqrt'`). */
export type SlotNormalization = 'softmax' | 'sqrt';

/**
 * Scores below this count as −∞ (an entry this unlikely gets weight 0): an empty row's largest score stays finite, so
 * exp() never sees +∞ and an empty history gets zero weights, not NaN.
 */
export const SCORE_FLOOR = -1e4;

/**
 * Attention weights of padded history slots from their entries' scores: slot `l` of row `b` reads the score of entry
 * `index[b·length + l]`, and row `b`'s weights are the masked softmax (or the √-normalised variant of DELF's code,
 * `e^{s_l}/√Σe^{s}`) of its slots' scores, each unnormalised weight multiplied by the slot's mask value. Padding
 * (mask 0) gets weight 0; a row without a real slot gets zeros. Recorded on `tape` when given, with its gradient with
 * respect to `scores` (each slot's gradient summed into its entry).
 *
 * One host-side op, forward and backward: the same maths in tfjs is a dozen small kernels each way (masking, a
 * max, exp, sums, divisions, their gradients) whose per-kernel overhead outweighed the arithmetic on a batch's
 * 256 × 50 slots (measured in `pnpm bench profile delf`).
 *
 * @param scores - Each distinct entry's score, `[entries, 1]`.
 * @param index - `n × length` entry rows, one per slot (−1 or any value out of range: padding).
 * @param mask - `[n, length]`, 1 on real slots and 0 on padding.
 * @throws Error naming the shapes when `index` does not hold the mask's `n × length` values or `scores` is not
 *   `[entries, 1]`.
 * @example
 * ```ts
 * const { ids, index } = distinctIds(historyIds, true); // −1 padding stays −1
 * const alpha = slotSoftmax(entryScores, index, paddingMask(historyIds, [n, T]), 'softmax', ctx.tape); // [n, T]
 * ```
 */
export function slotSoftmax(
  scores: tf.Tensor2D,
  index: Int32Array,
  mask: tf.Tensor2D,
  normalization: SlotNormalization,
  tape?: Tape | null,
): tf.Tensor2D {
  const [n, length] = mask.shape;
  if (scores.rank !== 2 || scores.shape[1] !== 1 || mask.rank !== 2 || index.length !== n * length) {
    throw new Error(
      `slotSoftmax: scores [${scores.shape.join(', ')}] must be [entries, 1] and index hold the mask's ` +
        `${n} × ${length} values, got ${index.length}`,
    );
  }
  const entries = scores.shape[0];
  const s = scores.dataSync() as Float32Array;
  const m = mask.dataSync() as Float32Array;
  const sqrt = normalization === 'sqrt';
  // Per slot its unnormalised weight e = exp(s − top)·mask; per row the denominator (S, or √S for 'sqrt').
  const e = new Float64Array(n * length);
  const denominator = new Float64Array(n);
  const alpha = new Float32Array(n * length);
  for (let b = 0; b < n; b++) {
    const row = b * length;
    let top = SCORE_FLOOR;
    let largestMask = 0;
    for (let l = 0; l < length; l++) {
      const w = m[row + l]!;
      if (w > largestMask) largestMask = w;
      const k = index[row + l]!;
      if (w > 0 && k >= 0 && k < entries && s[k]! > top) top = s[k]!;
    }
    let total = 0;
    for (let l = 0; l < length; l++) {
      const w = m[row + l]!;
      const k = index[row + l]!;
      const value = w > 0 && k >= 0 && k < entries ? Math.exp(s[k]! - top) * w : 0;
      e[row + l] = value;
      total += value;
    }
    // An empty row (total 0) is divided by 1, so its weights stay exactly zero; the shift by `top` cancels in the
    // softmax, and for 'sqrt' (not shift-invariant) e^{top/2} puts it back: e^{s}/√Σe^{s} = e^{s−top}·e^{top/2}/√Σe^{s−top}.
    const safe = total + (1 - largestMask);
    denominator[b] = sqrt ? Math.sqrt(safe) : safe;
    const scale = sqrt ? Math.exp(top / 2) : 1;
    for (let l = 0; l < length; l++) alpha[row + l] = (e[row + l]! * scale) / denominator[b]!;
  }
  const y = tf.tensor2d(alpha, [n, length]);
  tape?.record([scores], y, (dy) => {
    const g = dy.dataSync() as Float32Array;
    const ds = new Float32Array(entries);
    for (let b = 0; b < n; b++) {
      const row = b * length;
      // With dot = Σ_k α_k g_k: softmax (α = e/S) gives ds_l = α_l (g_l − dot); sqrt (α = c·e/√S) gives
      // ds_l = α_l g_l − e_l · dot / (2S). ∂e_l/∂s_l = e_l; the shift `top` is held constant (the weights do not
      // depend on it), and S = Σe + (1 − largest mask) moves with Σe only.
      let dot = 0;
      for (let l = 0; l < length; l++) dot += alpha[row + l]! * g[row + l]!;
      const safe = sqrt ? denominator[b]! * denominator[b]! : denominator[b]!;
      const coupling = sqrt ? dot / (2 * safe) : dot;
      for (let l = 0; l < length; l++) {
        const k = index[row + l]!;
        if (e[row + l] === 0 || k < 0 || k >= entries) continue;
        const a = alpha[row + l]!;
        ds[k] += sqrt ? a * g[row + l]! - e[row + l]! * coupling : a * (g[row + l]! - coupling);
      }
    }
    return [tf.tensor2d(ds, [entries, 1])];
  });
  return y;
}
