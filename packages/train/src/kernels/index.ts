export { registerTrainingKernels } from './register-training-kernels.js';
