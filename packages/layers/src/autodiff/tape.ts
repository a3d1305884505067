import * as tf from '@tensorflow/tfjs-core';

/**
 * The backward rule of one recorded single-output op: given the gradient of its output, the gradients of its inputs
 * (in order), computing only those `needs` asks for (`null` for the others).
 */
export type Backward = (dy: tf.Tensor, needs: readonly boolean[]) => (tf.Tensor | null)[];

/**
 * The backward rule of a recorded op with several outputs: `dys[k]` is the gradient of output k, or `null` where no
 * gradient reached that output (treat it as zeros).
 */
export type MultiBackward = (dys: readonly (tf.Tensor | null)[], needs: readonly boolean[]) => (tf.Tensor | null)[];

/** A recorded op: a single-output one keeps its rule as it is (the common case, no per-step wrapper). */
type TapeNode =
  | { inputs: readonly tf.Tensor[]; output: tf.Tensor; backward: Backward }
  | { inputs: readonly tf.Tensor[]; outputs: readonly tf.Tensor[]; backwardMany: MultiBackward };

/**
 * A minimal reverse-mode tape for the training step: ops record (inputs, outputs, backward rule) as the forward pass
 * runs, and {@link gradients} walks them once in reverse. It exists because tfjs's own tape, on this path, costs more
 * than the maths: it clones every tensor a gradient saves, unfuses `fused.matMul` while recording, and filters the
 * whole tape per call (measured: 72 kernels per NeuMF step with it).
 *
 * Ops with a hand-written rule record themselves (`dense`, `multiply`, `rowDot`, `concatColumns`, `splitRows`,
 * `dropout`, the losses); any other differentiable tfjs function joins through {@link differentiable}, with tfjs's own
 * gradient as its rule. A plain `tf.*` call is *not* recorded: it cuts the graph, and the training engine reports the
 * parameters it cut off.
 *
 * Tensors stay alive from forward to backward because the whole step runs in one `tf.tidy`; nothing is cloned.
 *
 * @example
 * ```ts
 * tf.tidy(() => {
 *   const tape = new Tape();
 *   const y = dense(x, kernel, bias, 'relu', tape);
 *   const [dx, dKernel] = tape.gradients(y, tf.onesLike(y), [x, kernel]);
 * });
 * ```
 */
export class Tape {
  private readonly nodes: TapeNode[] = [];
  private readonly outputIds = new Set<number>();

  /** Records a single-output op. Its output must be a new tensor (not one of its inputs). */
  record(inputs: readonly tf.Tensor[], output: tf.Tensor, backward: Backward): void {
    if (inputs.includes(output)) throw new Error('Tape.record: an output must be a new tensor, not one of the inputs');
    this.outputIds.add(output.id);
    this.nodes.push({ inputs, output, backward });
  }

  /**
   * Records an op with several outputs (e.g. a split). Each output must be a new tensor. The rule is called when a
   * gradient reached at least one output.
   */
  recordMany(inputs: readonly tf.Tensor[], outputs: readonly tf.Tensor[], backward: MultiBackward): void {
    for (const y of outputs) {
      if (inputs.includes(y)) throw new Error('Tape.recordMany: an output must be a new tensor, not one of the inputs');
      this.outputIds.add(y.id);
    }
    this.nodes.push({ inputs, outputs, backwardMany: backward });
  }

  /** Number of recorded ops. */
  get size(): number {
    return this.nodes.length;
  }

  /** Whether `t` is the output of a recorded op (so gradients can flow back from it). */
  produced(t: tf.Tensor): boolean {
    return this.outputIds.has(t.id);
  }

  /**
   * Gradients of `output` (seeded with `dOutput`) with respect to each of `wrt`; `null` where `output` does not
   * depend on it through recorded ops. Only the gradients on a path to some `wrt` tensor are computed.
   */
  gradients(output: tf.Tensor, dOutput: tf.Tensor, wrt: readonly tf.Tensor[]): (tf.Tensor | null)[] {
    // Which tensors lead to a wanted one: a forward pass over the nodes in recording order.
    const leadsToWanted = new Set<number>(wrt.map((t) => t.id));
    for (const node of this.nodes) {
      if (!node.inputs.some((x) => leadsToWanted.has(x.id))) continue;
      if ('output' in node) leadsToWanted.add(node.output.id);
      else for (const y of node.outputs) leadsToWanted.add(y.id);
    }
    const grads = new Map<number, tf.Tensor>([[output.id, dOutput]]);
    for (let n = this.nodes.length - 1; n >= 0; n--) {
      const node = this.nodes[n]!;
      let dxs: (tf.Tensor | null)[];
      let needs: boolean[];
      if ('output' in node) {
        const dy = grads.get(node.output.id);
        if (!dy) continue;
        needs = node.inputs.map((x) => leadsToWanted.has(x.id));
        if (!needs.some(Boolean)) continue;
        dxs = node.backward(dy, needs);
      } else {
        const dys = node.outputs.map((y) => grads.get(y.id) ?? null);
        if (dys.every((dy) => dy === null)) continue;
        needs = node.inputs.map((x) => leadsToWanted.has(x.id));
        if (!needs.some(Boolean)) continue;
        dxs = node.backwardMany(dys, needs);
      }
      node.inputs.forEach((x, k) => {
        const dx = dxs[k];
        if (!needs[k] || !dx) return;
        const previous = grads.get(x.id);
        grads.set(x.id, previous ? tf.add(previous, dx) : dx);
      });
    }
    return wrt.map((t) => grads.get(t.id) ?? null);
  }
}
