import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { leaveOneOut, synthetic } from '@recsys/data';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createRecommender,
  EXPORT_FORMAT,
  exportForBrowser,
  loadExportedModel,
  recommendByRawIds,
  type ExportedModelFiles,
  type ExportedModelJson,
  type Recommender,
} from '../src/index.js';

// Small synthetic data with item content and behaviours, so that every kind of model trains in seconds.
const { interactions, content } = synthetic({
  users: 60,
  items: 90,
  interactionsPerUser: 10,
  contentFeatures: 20,
  seed: 3,
});
const { train } = leaveOneOut(interactions);
const behaviourLog = synthetic({
  users: 40,
  items: 60,
  interactionsPerUser: 8,
  behaviours: true,
  seed: 4,
}).interactions;
const neural = { progress: false as const, backend: 'cpu' as const, epochs: 2, seed: 5, learningRate: 0.01 };

/** Each registered model: its options, its fit options, and the log it trains on. */
const cases: [name: string, options: Record<string, unknown>, fit: Record<string, unknown>, log?: typeof train][] = [
  ['itempop', {}, {}],
  ['random', {}, {}],
  ['content', {}, { itemFeatures: content }],
  ['itemknn', {}, {}],
  ['rp3beta', {}, {}],
  ['ease', {}, {}],
  ['ials', { factors: 4, sweeps: 2 }, {}],
  ['gmf', { factors: 4 }, { ...neural, batchSize: 128 }],
  ['mlp', { factors: 4 }, { ...neural, batchSize: 128 }],
  ['neumf', { factors: 4 }, { ...neural, batchSize: 128 }],
  ['bprmf', { factors: 4 }, { ...neural, batchSize: 128 }],
  ['mf', { factors: 4 }, { ...neural, batchSize: 128 }],
  ['dmf', { layers: [16, 8] }, { ...neural, batchSize: 128 }],
  ['delf', { factors: 4, historyCap: 8 }, { ...neural, batchSize: 128 }],
  ['dualnet', { units: [8, 4] }, { ...neural, itemFeatures: content, userBatch: 16, itemBatch: 32 }],
  ['multi-feedback', { factors: 4 }, { ...neural, batchSize: 64 }, behaviourLog],
];

/** The files of an export directory, in memory, as `loadExportedModel` takes them. */
function readExport(dir: string): ExportedModelFiles {
  const weights: Record<string, Uint8Array> = {};
  for (const file of readdirSync(dir)) if (file.endsWith('.bin')) weights[file] = readFileSync(join(dir, file));
  return { modelJson: readFileSync(join(dir, 'model.json'), 'utf8'), weights };
}

/** A `fetch` for `file:` URLs: what a static server gives a browser. */
const fileFetch = async (input: string | URL | Request): Promise<Response> => {
  try {
    return new Response(readFileSync(new URL(input instanceof Request ? input.url : input)));
  } catch {
    return new Response('not found', { status: 404, statusText: 'Not Found' });
  }
};

const root = mkdtempSync(join(tmpdir(), 'recsys-export-'));

describe.each(cases)('an exported %s model', (name, options, fitOptions, log = train) => {
  let model: Recommender;
  let dir: string;
  beforeAll(async () => {
    model = createRecommender(name, options);
    await model.fit(log, fitOptions);
    dir = join(root, name);
    await exportForBrowser(model, dir);
  });

  it('loads into a model that scores, recommends and maps raw ids exactly as the trained one', async () => {
    const loaded = await loadExportedModel(readExport(dir));
    expect(loaded.name).toBe(model.name);
    expect([loaded.numUsers, loaded.numItems]).toEqual([model.numUsers, model.numItems]);
    // Every user against every item, and one cold user and one cold item.
    const users = Int32Array.from({ length: (model.numUsers + 1) * (model.numItems + 1) }, (_, k) =>
      Math.floor(k / (model.numItems + 1)),
    );
    const items = Int32Array.from(users, (_, k) => k % (model.numItems + 1));
    expect(await loaded.score(users, items)).toEqual(await model.score(users, items));
    const some = Int32Array.of(0, 3, model.numUsers - 1, model.numUsers);
    expect(await loaded.recommendMany(some, 10)).toEqual(await model.recommendMany(some, 10));
    const raw = [model.userIds.raw(0), model.userIds.raw(5), 'nobody'];
    expect(await recommendByRawIds(loaded, raw, 10)).toEqual(await recommendByRawIds(model, raw, 10));
  });
});

describe('exportForBrowser and loadExportedModel', () => {
  let gmf: Recommender;
  beforeAll(async () => {
    gmf = createRecommender('gmf', { factors: 4 });
    const fitOptions: Record<string, unknown> = { ...neural, batchSize: 128 };
    await gmf.fit(train, fitOptions);
  });

  it('write a tfjs model.json whose weights tfjs itself decodes, beside shards of the size asked for', async () => {
    const dir = join(root, 'sharded');
    const result = await exportForBrowser(gmf, dir, { shardBytes: 1000 });
    const modelJson = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ExportedModelJson;
    expect(modelJson.format).toBe(EXPORT_FORMAT);
    const [group] = modelJson.weightsManifest;
    expect(group!.paths.length).toBeGreaterThan(1);
    expect(result.files.map((f) => f.file)).toEqual(['model.json', ...group!.paths]);
    for (const path of group!.paths.slice(0, -1)) expect(readFileSync(join(dir, path)).byteLength).toBe(1000);
    // tfjs's own decoder reads the same values, raw ids included.
    const data = Buffer.concat(group!.paths.map((path) => readFileSync(join(dir, path))));
    const tensors = tf.io.decodeWeights(new Uint8Array(data).buffer, group!.weights);
    expect(Object.keys(tensors)).toEqual(group!.weights.map((w) => w.name));
    expect(tensors['ids/users']!.dataSync()).toEqual(gmf.userIds.ids());
    expect(Array.from(tensors['train/items']!.dataSync())).toEqual(Array.from(gmf.train.items));
    tf.dispose(Object.values(tensors));
    // And tfjs's HTTP loader fetches it like any weights-only artifact.
    const artifacts = await tf.io.http(pathToFileURL(join(dir, 'model.json')).href, { fetchFunc: fileFetch }).load!();
    expect(artifacts.weightSpecs).toEqual(group!.weights);
    expect(artifacts.userDefinedMetadata).toEqual(modelJson.userDefinedMetadata);
  });

  it('loads from a URL, fetching the shards beside model.json, and from a model directory', async () => {
    const dir = join(root, 'from-dir');
    const saved = join(root, 'saved-gmf');
    await gmf.save(saved);
    await exportForBrowser(saved, dir, { shardBytes: 1000 });
    const url = pathToFileURL(join(dir, 'model.json'));
    const loaded = await loadExportedModel(url.href, { fetch: fileFetch });
    const pairs = { users: Int32Array.of(0, 1, 2, 59), items: Int32Array.of(5, 6, 7, 89) };
    expect(await loaded.score(pairs.users, pairs.items)).toEqual(await gmf.score(pairs.users, pairs.items));
    await expect(loadExportedModel(new URL('nothing/model.json', url), { fetch: fileFetch })).rejects.toThrow(
      /nothing\/model\.json: HTTP 404 Not Found/,
    );
  });

  it('replaces an earlier export, and refuses a directory that holds other files', async () => {
    const dir = join(root, 'again');
    expect((await exportForBrowser(gmf, dir)).replaced).toBe(false);
    const again = await exportForBrowser(gmf, dir, { shardBytes: 1000 });
    expect(again.replaced).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(again.files.map((f) => f.file).sort());
    const other = join(root, 'other');
    mkdirSync(other);
    expect(statSync(dir).mode).toBe(statSync(other).mode); // a directory's usual permissions, for a web server
    writeFileSync(join(other, 'notes.txt'), 'mine');
    await expect(exportForBrowser(gmf, other)).rejects.toThrow(/not empty \(notes\.txt\) and holds no recsys export/);
    expect(readdirSync(other)).toEqual(['notes.txt']);
    expect(readdirSync(root).filter((name) => name.startsWith('.'))).toEqual([]); // no temp directory left
  });

  it('name what is wrong: a truncated or missing shard, another format, an unknown model, an unfitted model', async () => {
    const dir = join(root, 'checked');
    await exportForBrowser(gmf, dir);
    const files = readExport(dir);
    const [shard] = Object.keys(files.weights);
    const bytes = files.weights[shard!] as Uint8Array;
    await expect(loadExportedModel({ ...files, weights: { [shard!]: bytes.subarray(0, 100) } })).rejects.toThrow(
      /a shard is truncated/,
    );
    await expect(loadExportedModel({ ...files, weights: {} })).rejects.toThrow(`the shard ${shard} is missing`);
    const json = JSON.parse(files.modelJson as string) as ExportedModelJson;
    await expect(loadExportedModel({ ...files, modelJson: { ...json, format: 'layers-model' } })).rejects.toThrow(
      /not a model exported by recsys/,
    );
    const renamed = { ...json, userDefinedMetadata: { recsys: { ...json.userDefinedMetadata.recsys, model: 'two' } } };
    await expect(loadExportedModel({ ...files, modelJson: renamed })).rejects.toThrow(/unknown model "two"/);
    await expect(exportForBrowser(createRecommender('gmf'), join(root, 'unfitted'))).rejects.toThrow(/not fitted/);
  });
});
