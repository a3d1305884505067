// DualNet on CiteULike (paper §5.1 split, seed 1): training throughput (user × item cells per second, seconds per
// epoch, peak RSS) and Recall@50/100/200 in-matrix (ranked among the items seen in training) and out-of-matrix (among
// the cold items only), beside ItemPop and the content-only profile on the same split. The epoch is chosen on the
// validation split (holdout Recall@50), never on test.
//   DATA=citeulike-a|citeulike-t EPOCHS=6 LR=3e-4 DESIGN=branching NOISE=0 DROPOUT=0 SEED=1 USER_BATCH=512 \
//   ITEM_BATCH=1024 WARM=0 pnpm bench dualnet
// WARM > 0 warm-starts layer-wise (§4): WARM epochs per shallower network before the EPOCHS of the model.
// SEED seeds both the split and the model.
import { dualNetSplit, loadCiteULike } from '@recsys/data';
import { evaluateHoldout } from '@recsys/eval';
import { ContentProfile, DualNet, holdoutValidation, ItemPop } from '@recsys/models';
import { peakRssMiB, sharedData, table, timed } from './shared.mjs';

const name = process.env.DATA ?? 'citeulike-a';
const seed = Number(process.env.SEED ?? 1);
const dir = sharedData(name);
if (dir) {
  const content = `${dir}/${name === 'citeulike-t' ? 'mult.dat' : 'item-tag.dat'}`;
  const { interactions, content: features } = await loadCiteULike(`${dir}/users.dat`, { content });
  const { train, validation, test, outOfMatrix, coldItems, report } = dualNetSplit(interactions, { seed });
  console.log(
    `${name}: ${report.knownUsers} known users, ${report.coldItems} cold items; train ${report.train}, ` +
      `validation ${report.validation}, test ${report.test}, out-of-matrix ${report.outOfMatrix} rows`,
  );
  const known = Int32Array.from({ length: train.numItems }, (_, i) => i).filter((i) => train.itemDegree(i) > 0);
  const ks = [50, 100, 200];
  const recalls = async (model) => {
    const row = [];
    for (const [heldOut, candidates, exclude] of [
      [test, known, [validation]],
      [outOfMatrix, coldItems, []],
    ]) {
      for (const k of ks) {
        const { metrics } = await evaluateHoldout(model, train, heldOut, { k, candidates, exclude });
        row.push(metrics.recall.toFixed(3));
      }
    }
    return row;
  };

  const epochs = Number(process.env.EPOCHS ?? 6);
  const model = new DualNet({
    units: [200, 200, 50],
    design: process.env.DESIGN ?? 'branching',
    noise: Number(process.env.NOISE ?? 0),
    dropout: Number(process.env.DROPOUT ?? 0),
  });
  console.log(`options ${JSON.stringify({ ...model.options, seed })}`);
  const [fit, seconds] = await timed(() =>
    model.fit(train, {
      itemFeatures: features,
      epochs,
      seed,
      learningRate: Number(process.env.LR ?? 3e-4),
      userBatch: Number(process.env.USER_BATCH ?? 512),
      itemBatch: Number(process.env.ITEM_BATCH ?? 1024),
      warmStartEpochs: Number(process.env.WARM ?? 0),
      log: (line) => console.log(line),
      validation: holdoutValidation(train, validation, { m: 50 }),
      progress: false,
    }),
  );
  const history = fit.history.epochs;
  table(
    ['epoch', 'loss', 'validation Recall@50', 's', 'cells/s'],
    history.map((e) => [
      e.epoch,
      e.loss.toFixed(5),
      e.validation?.recall.toFixed(4) ?? '',
      e.stepSeconds.toFixed(1),
      Math.round(e.samples / e.stepSeconds).toLocaleString('en'),
    ]),
  );
  console.log(`fit ${seconds.toFixed(0)} s (validation included), best epoch ${fit.history.bestEpoch}`);
  console.log(`peak RSS ${(await peakRssMiB()).toFixed(0)} MiB`);

  const pop = new ItemPop();
  await pop.fit(train);
  const profile = new ContentProfile();
  await profile.fit(train, { itemFeatures: features });
  const header = ['model', ...ks.map((k) => `in R@${k}`), ...ks.map((k) => `out R@${k}`)];
  table(header, [
    ['itempop', ...(await recalls(pop))],
    ['content', ...(await recalls(profile))],
    [`dualnet (epoch ${fit.history.bestEpoch})`, ...(await recalls(model))],
  ]);
}
