import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** A tfjs-layers weight initializer (the class itself is not exported from the tfjs-layers index). */
export type Initializer = ReturnType<typeof tfl.initializers.ones>;

/**
 * Initializers selectable by name. `lecunUniform`/`lecunNormal` are accepted as Keras-style aliases of tfjs's
 * `leCunUniform`/`leCunNormal`. `randomNormal`, `randomUniform` and `truncatedNormal` use tfjs's default parameters;
 * pass an {@link Initializer} instance (e.g. `tf.initializers.randomNormal({ mean: 0, stddev: 0.01 })`) for others.
 */
export type InitializerName =
  | 'glorotUniform'
  | 'glorotNormal'
  | 'heUniform'
  | 'heNormal'
  | 'leCunUniform'
  | 'leCunNormal'
  | 'lecunUniform'
  | 'lecunNormal'
  | 'randomNormal'
  | 'randomUniform'
  | 'truncatedNormal'
  | 'zeros'
  | 'ones';

/** An initializer in serialized form: a registered tfjs class name and its config (as `getConfig()` returns). */
export type SerializedInitializer = {
  className: string;
  config: tf.serialization.ConfigDict;
};

/** How a layer config names an initializer: by name, as an instance, or in serialized form. */
export type InitializerSpec = InitializerName | Initializer | SerializedInitializer;

type Factory = (seed: number | undefined) => Initializer;

const FACTORIES: Record<InitializerName, Factory> = {
  glorotUniform: (seed) => tfl.initializers.glorotUniform({ seed }),
  glorotNormal: (seed) => tfl.initializers.glorotNormal({ seed }),
  heUniform: (seed) => tfl.initializers.heUniform({ seed }),
  heNormal: (seed) => tfl.initializers.heNormal({ seed }),
  leCunUniform: (seed) => tfl.initializers.leCunUniform({ seed }),
  leCunNormal: (seed) => tfl.initializers.leCunNormal({ seed }),
  lecunUniform: (seed) => tfl.initializers.leCunUniform({ seed }),
  lecunNormal: (seed) => tfl.initializers.leCunNormal({ seed }),
  randomNormal: (seed) => tfl.initializers.randomNormal({ seed }),
  randomUniform: (seed) => tfl.initializers.randomUniform({ seed }),
  truncatedNormal: (seed) => tfl.initializers.truncatedNormal({ seed }),
  zeros: () => tfl.initializers.zeros(),
  ones: () => tfl.initializers.ones(),
};

/** Whether `value` is one of the {@link InitializerName}s. */
export function isInitializerName(value: unknown): value is InitializerName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(FACTORIES, value);
}

function isInitializer(spec: InitializerSpec): spec is Initializer {
  return typeof (spec as Partial<Initializer>).apply === 'function';
}

/**
 * Turns an {@link InitializerSpec} into an initializer.
 *
 * @param seed - Used only when `spec` is a name (an instance or serialized form carries its own seed).
 * @throws if the name or serialized class name is unknown.
 * @example
 * ```ts
 * const init = resolveInitializer('glorotUniform', 42);
 * const w = init.apply([4, 2], 'float32');
 * ```
 */
export function resolveInitializer(spec: InitializerSpec, seed?: number): Initializer {
  if (typeof spec === 'string') {
    if (!isInitializerName(spec)) throw new Error(`Unknown initializer '${String(spec)}'`);
    return FACTORIES[spec](seed);
  }
  if (isInitializer(spec)) return spec;
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[spec.className];
  if (entry === undefined) throw new Error(`Unknown initializer class '${spec.className}'`);
  const [cls, fromConfig] = entry;
  const initializer = fromConfig(cls, spec.config) as Partial<Initializer>;
  if (typeof initializer.apply !== 'function') throw new Error(`'${spec.className}' is not an initializer`);
  return initializer as Initializer;
}

/**
 * The JSON-safe form of an {@link InitializerSpec}, for a layer's `getConfig()`: names stay names, instances become
 * `{ className, config }`. {@link resolveInitializer} accepts the result back.
 */
export function serializeInitializer(spec: InitializerSpec): InitializerName | SerializedInitializer {
  if (typeof spec === 'string') return spec;
  if (isInitializer(spec)) return { className: spec.getClassName(), config: spec.getConfig() };
  return { className: spec.className, config: spec.config };
}
