import * as tf from '@tensorflow/tfjs-core';
import { loadNcfRatings } from '@recsys/data';
import { DELF, DMF } from '@recsys/models';
const which = process.argv[2] ?? 'delf';
const { interactions: train } = await loadNcfRatings(process.argv[3] ?? '/tmp/ml20k.rating');
const model = which === 'delf' ? new DELF() : new DMF();
await model.fit(train, { epochs: 1, progress: false, log: () => {} });
const t0 = performance.now();
const info = await tf.profile(async () => {
  await model.fit(train, { epochs: 1, progress: false, log: () => {} });
});
const wall = performance.now() - t0;
const by = new Map();
const times = await Promise.all(info.kernels.map((k) => k.kernelTimeMs));
info.kernels.forEach((k, i) => {
  const key = k.name === 'BatchMatMul' ? `BatchMatMul ${JSON.stringify(k.inputShapes)}` : k.name;
  const e = by.get(key) ?? { n: 0, ms: 0 };
  e.n++;
  e.ms += times[i];
  by.set(key, e);
});
const total = times.reduce((a, b) => a + b, 0);
console.log('wall ms', wall.toFixed(0), 'kernel ms', total.toFixed(0));
console.log(
  [...by]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 14)
    .map(([k, v]) => `${v.ms.toFixed(0)}ms ${v.n} ${k}`)
    .join('\n'),
);
