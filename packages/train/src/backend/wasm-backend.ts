import * as tf from '@tensorflow/tfjs-core';
import { useFastTransposedMatMulOnWasm } from '../kernels/wasm-transposed-matmul.js';
import { errorMessage, isModuleNotFound, type LoadOutcome } from './load-outcome.js';

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

/**
 * Makes the `wasm` backend available by importing `@tensorflow/tfjs-backend-wasm` (a peer dependency, installed with recsys by npm ≥ 7 and pnpm), which
 * registers it. In Node no path needs setting: the package's CommonJS entry (`dist/tf-backend-wasm.node.js`) reads
 * its `.wasm` binaries from its own folder with `fs`. Also makes its matmuls with transpose flags fast
 * ({@link useFastTransposedMatMulOnWasm}: tfjs's matmul gradients use them). Never throws: a failure is an outcome with the fix.
 *
 * @example
 * ```ts
 * const outcome = await loadWasmBackend();
 * if (outcome.loaded) await tf.setBackend('wasm');
 * ```
 */
export async function loadWasmBackend(): Promise<LoadOutcome> {
  if (tf.findBackendFactory('wasm') == null) {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
    } catch (error) {
      if (isModuleNotFound(error, WASM_PACKAGE)) {
        return {
          loaded: false,
          why: 'tfjs-backend-wasm not installed',
          fix: `Install it: npm i ${WASM_PACKAGE}@^4.22.0`,
        };
      }
      return {
        loaded: false,
        why: `tfjs-backend-wasm failed to load: ${errorMessage(error)}`,
        fix: `Reinstall it (npm i ${WASM_PACKAGE}@^4.22.0) at the version of @tensorflow/tfjs-core.`,
      };
    }
    if (tf.findBackendFactory('wasm') == null) {
      return {
        loaded: false,
        why: 'tfjs-backend-wasm registered its backend with another copy of @tensorflow/tfjs-core',
        fix:
          'Align the @tensorflow/* versions so that one copy of @tensorflow/tfjs-core is installed ' +
          '(npm ls @tensorflow/tfjs-core).',
      };
    }
  }
  useFastTransposedMatMulOnWasm();
  return { loaded: true, detail: 'tfjs-backend-wasm loaded' };
}
