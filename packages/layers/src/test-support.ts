/**
 * Test-only helpers shared by the specs of this package (not exported from the package index, not bundled).
 * Importing it registers the cpu and wasm backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';

/** The backends every numeric test runs on. */
export const BACKENDS = ['cpu', 'wasm'] as const;

/** Sets the tfjs backend and checks that it took effect. */
export async function useBackend(name: string): Promise<void> {
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`could not set the tfjs backend to '${name}'`);
}

/** Largest absolute element-wise difference of two tensors of the same shape. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  if (a.shape.join() !== b.shape.join()) throw new Error(`shapes differ: [${a.shape}] vs [${b.shape}]`);
  const x = a.dataSync();
  const y = b.dataSync();
  let max = 0;
  for (let i = 0; i < x.length; i++) max = Math.max(max, Math.abs(x[i]! - y[i]!));
  return max;
}

/**
 * Re-creates a layer from its config the way tfjs-layers does: looks its class up by `getClassName()` in the
 * serialization registry and calls `fromConfig` (by default `new Cls(config)`) on a JSON copy of `getConfig()`.
 */
export function configRoundTrip<T extends tfl.layers.Layer>(layer: T): T {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
  if (entry === undefined) throw new Error(`${layer.getClassName()} is not registered`);
  const [cls, fromConfig] = entry;
  const config = JSON.parse(JSON.stringify(layer.getConfig())) as tf.serialization.ConfigDict;
  return fromConfig(cls, config) as T;
}

/**
 * Saves `model` into memory with `tf.io.withSaveHandler` (topology through a JSON string, as a file would hold it)
 * and loads it back with `tf.loadLayersModel(tf.io.fromMemory(…))`.
 */
export async function saveLoadRoundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (saved === undefined) throw new Error('the save handler was not called');
  const artifacts: tf.io.ModelArtifacts = {
    ...saved,
    modelTopology: JSON.parse(JSON.stringify(saved.modelTopology)) as tf.io.ModelArtifacts['modelTopology'],
  };
  return tfl.loadLayersModel(tf.io.fromMemory(artifacts));
}
