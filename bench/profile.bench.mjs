// Where a training epoch's time goes, phase by phase (`StepProfile` of @recsys/train: host lookups, forward, backward,
// gradients to host, sparse scatter, optimizer, batch drawing), for each neural model on the ML-100K leave-one-out
// training split, one epoch, batch 256, the models' default settings, in this process on the default backend.
//
//   pnpm bench profile           (MODELS=gmf,mlp,neumf,bprmf,dmf,delf EPOCHS=1 BATCH=256)
//
// The same table for one run of your own: `recsys train --model <name> … --profile`.
import { loadNcfRatings } from '@recsys/data';
import { recommenderEntry } from '@recsys/models';
import { StepProfile } from '@recsys/train';
import { sharedData, writeSpeedSplit } from './shared.mjs';

const path = sharedData('ml-100k', 'u.data');
const models = (process.env.MODELS ?? 'gmf,mlp,neumf,bprmf,dmf,delf').split(',');
const epochs = Number(process.env.EPOCHS ?? '1');
const batchSize = Number(process.env.BATCH ?? '256');

if (path) {
  const dir = await writeSpeedSplit(path, 'recsys-profile-');
  const { interactions: train } = await loadNcfRatings(`${dir}/train.rating`);
  for (const name of models) {
    const model = recommenderEntry(name).create({});
    const profile = new StepProfile();
    await model.fit(train, { epochs, batchSize, profile, progress: false, log: () => {} });
    console.log(`\n### ${name}\n${profile.format()}`);
  }
}
