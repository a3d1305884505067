import * as tf from '@tensorflow/tfjs-core';

/** The wasm matmul kernels whose transpose flags take a slow path. */
const MATMUL_KERNELS = [tf.BatchMatMul, tf._FusedMatMul] as const;

/** The stock kernels this module wrapped, so a second call neither wraps a wrapper nor warns. */
const wrapped = new Map<string, tf.KernelFunc>();

/**
 * Makes the wasm backend's `BatchMatMul` and `_FusedMatMul` fast when asked to transpose an operand: the wrapper
 * transposes that operand explicitly (wasm's `Transpose` kernel) and runs the stock kernel without the flag.
 *
 * Why: tfjs-backend-wasm 4.22 multiplies with a transposed operand 5–11× slower than it transposes and then
 * multiplies (`pnpm bench matmul-transpose`, three runs while two trainings shared the 2 cores: `dY·Bᵀ` for a
 * `[256, 128] · [128, 64]` layer 3.4–4.8 ms stock, 0.46–0.66 ms wrapped). Every gradient tfjs derives for a matmul
 * uses the flags (`dA = dY·Bᵀ`, `dB = Aᵀ·dY`), so every op differentiated by tfjs (attention scores, `ctx.op`) paid
 * it, as would scoring that multiplies by `Eᵀ`. DELF, whose attention is differentiated by tfjs, spends 8% less CPU
 * per epoch with it. The values are the stock kernel's on the same numbers (the transpose only moves them).
 *
 * Call it after the wasm backend is registered (`loadWasmBackend` does); it does nothing when wasm's kernels are
 * absent. Idempotent. Process-global, like every tfjs kernel registration.
 *
 * @returns whether the wrappers are in place.
 * @example
 * ```ts
 * await import('@tensorflow/tfjs-backend-wasm');
 * useFastTransposedMatMulOnWasm();
 * tf.matMul(a, b, false, true); // now as fast as tf.matMul(a, tf.transpose(b))
 * ```
 */
export function useFastTransposedMatMulOnWasm(): boolean {
  for (const kernelName of MATMUL_KERNELS) {
    // tf.getKernel is typed as always returning a config, but returns undefined when none is registered.
    const current: tf.KernelConfig | undefined = tf.getKernel(kernelName, 'wasm');
    if (current === undefined) return false;
    // Wrapped already (or since replaced by someone else's kernel, which stays).
    if (wrapped.has(kernelName)) continue;
    const kernelFunc = untransposing(current.kernelFunc);
    tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ ...current, kernelFunc });
    wrapped.set(kernelName, kernelFunc);
  }
  return true;
}

/** `stock` with its `transposeA` / `transposeB` applied to the operands first. */
function untransposing(stock: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs = {} } = args;
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (!attrs['transposeA'] && !attrs['transposeB']) return stock(args);
    const transpose = tf.getKernel(tf.Transpose, 'wasm').kernelFunc;
    const swapLastTwo = (x: tf.TensorInfo): tf.TensorInfo => {
      const perm = x.shape.map((_, k) => k);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1]!, perm[r - 2]!];
      return transpose({ inputs: { x }, backend, attrs: { perm } }) as tf.TensorInfo;
    };
    const temporary: tf.TensorInfo[] = [];
    try {
      const a2 = attrs['transposeA'] ? swapLastTwo(a) : a;
      if (a2 !== a) temporary.push(a2);
      const b2 = attrs['transposeB'] ? swapLastTwo(b) : b;
      if (b2 !== b) temporary.push(b2);
      return stock({
        inputs: { ...inputs, a: a2, b: b2 },
        backend,
        attrs: { ...attrs, transposeA: false, transposeB: false },
      });
    } finally {
      for (const t of temporary) (backend as tf.KernelBackend).disposeData(t.dataId);
    }
  };
}
