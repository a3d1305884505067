export { registerTrainingKernels } from './register-training-kernels.js';
export { useFastTransposedMatMulOnWasm } from './wasm-transposed-matmul.js';
