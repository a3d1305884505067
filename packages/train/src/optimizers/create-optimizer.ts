import { Adagrad } from './adagrad.js';
import { LazyAdam } from './lazy-adam.js';
import { Momentum } from './momentum.js';
import type { Optimizer, OptimizerName } from './optimizer.js';
import { SGD } from './sgd.js';

/** An optimizer by name with a learning rate: `createOptimizer('adam', 1e-3)` (`'momentum'`: μ = 0.9). */
export function createOptimizer(name: OptimizerName, learningRate: number): Optimizer {
  if (!(learningRate > 0) || !Number.isFinite(learningRate)) {
    throw new RangeError(`learning rate must be a positive number, got ${learningRate}`);
  }
  switch (name) {
    case 'adam':
      return new LazyAdam({ learningRate });
    case 'sgd':
      return new SGD({ learningRate });
    case 'momentum':
      return new Momentum({ learningRate });
    case 'adagrad':
      return new Adagrad({ learningRate });
    default:
      throw new RangeError(`unknown optimizer "${String(name)}" (known: adam, sgd, momentum, adagrad)`);
  }
}
