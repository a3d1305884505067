import { describe, expect, it } from 'vitest';
import { dualNetSplit, Interactions, synthetic, type SparseFeatures } from '@recsys/data';
import { evaluateHoldout } from '@recsys/eval';
import { ContentProfile, ItemPop, type FitOptions } from '@recsys/models';
import { compare } from './compare.js';
import type { CompareModel } from './compare-model.js';

const { interactions: data } = synthetic({ users: 80, items: 120, interactionsPerUser: 10, seed: 5 });

/** Two multi-hot features per item: its tenth and its residue mod 7. */
const features: SparseFeatures = {
  numRows: data.numItems,
  numFeatures: 12 + 7,
  ptr: Int32Array.from({ length: data.numItems + 1 }, (_, i) => 2 * i),
  indices: Int32Array.from({ length: 2 * data.numItems }, (_, e) =>
    e % 2 === 0 ? Math.floor(e / 2 / 10) : 12 + (((e - 1) / 2) % 7),
  ),
  values: new Float32Array(2 * data.numItems).fill(1),
};

/** The content profile, remembering what each fit was given. */
class RecordingContent extends ContentProfile {
  static fits: { rows: number; hasFeatures: boolean }[] = [];
  override async fit(train: Interactions, options: FitOptions & { itemFeatures?: SparseFeatures } = {}) {
    RecordingContent.fits.push({ rows: train.size, hasFeatures: options.itemFeatures === features });
    return super.fit(train, options);
  }
}

const recordingContent: CompareModel = {
  name: 'recording-content',
  itemFeatures: true,
  coldItems: true,
  create: () => new RecordingContent(),
};

describe('compare with the dualnet split', () => {
  it('tunes on the split’s train, refits on train + validation, tests in- and out-of-matrix by Recall@M', async () => {
    RecordingContent.fits = [];
    const result = await compare({
      data,
      split: 'dualnet',
      itemFeatures: features,
      models: ['itempop', recordingContent, 'random'],
      seeds: [1],
      ks: [5, 10],
    });
    const parts = dualNetSplit(data, { seed: 1 });
    const refitRows = parts.train.size + parts.validation.size;
    // One trial on the split's train (validation held out), one refit on train + validation; features each time.
    expect(RecordingContent.fits).toEqual([
      { rows: parts.train.size, hasFeatures: true },
      { rows: refitRows, hasFeatures: true },
    ]);
    expect(result.split).toMatchObject({ kind: 'dualnet', train: refitRows, coldItems: parts.coldItems.length });
    expect(result.protocols).toEqual(['in-matrix', 'out-of-matrix']);
    expect(result.selection).toEqual({ protocol: 'in-matrix', metric: 'recall@5' });

    const runs = Object.fromEntries(result.runs.map((r) => [r.model, r]));
    // ItemPop cannot score cold items: in-matrix only. Content and random take part out-of-matrix too.
    expect(Object.keys(runs.itempop!.metrics)).toEqual(['in-matrix']);
    expect(Object.keys(runs['recording-content']!.metrics)).toEqual(['in-matrix', 'out-of-matrix']);
    expect(Object.keys(runs.random!.metrics)).toEqual(['in-matrix', 'out-of-matrix']);

    // In-matrix: the test rows among the items with training rows, the same as evaluateHoldout directly.
    const train = Interactions.fromColumns(
      {
        users: Int32Array.from([...parts.train.users, ...parts.validation.users]),
        items: Int32Array.from([...parts.train.items, ...parts.validation.items]),
      },
      data.sameSpace(),
    );
    const known = Int32Array.from({ length: data.numItems }, (_, i) => i).filter((i) => train.itemDegree(i) > 0);
    const pop = new ItemPop();
    await pop.fit(train);
    const test = parts.test.filter((r) => train.userDegree(parts.test.users[r]!) > 0);
    const direct = await evaluateHoldout(pop, train, test, { k: 10, candidates: known });
    expect(runs.itempop!.metrics['in-matrix']!['recall@10']).toBeCloseTo(direct.metrics.recall, 12);
    // Out-of-matrix: the known users' rows on the cold items, among the cold items only.
    const content = new ContentProfile();
    await content.fit(train, { itemFeatures: features });
    const outOfMatrix = parts.outOfMatrix.filter((r) => train.userDegree(parts.outOfMatrix.users[r]!) > 0);
    const cold = await evaluateHoldout(content, train, outOfMatrix, { k: 5, candidates: parts.coldItems });
    expect(runs['recording-content']!.metrics['out-of-matrix']!['recall@5']).toBeCloseTo(cold.metrics.recall, 12);
    expect(result.split.outOfMatrix).toBe(outOfMatrix.size);
    expect(result.split.coldOutOfMatrixCases).toBe(parts.outOfMatrix.size - outOfMatrix.size);

    // Summaries cover both protocols, for the models evaluated under each.
    const summary = (model: string, protocol: string) =>
      result.summary.find((s) => s.model === model && s.protocol === protocol && s.metric === 'recall@10');
    expect(summary('random', 'out-of-matrix')!.values).toEqual([runs.random!.metrics['out-of-matrix']!['recall@10']]);
    expect(summary('itempop', 'out-of-matrix')).toBeUndefined();
  });

  it('refuses what cannot work: no features for a content model, features of another size, foreign protocols', async () => {
    await expect(compare({ data, split: 'dualnet', models: ['content'], seeds: 1 })).rejects.toThrow(
      "content need the items' content: pass itemFeatures",
    );
    await expect(
      compare({ data, split: 'dualnet', itemFeatures: { ...features, numRows: 3 }, models: ['itempop'], seeds: 1 }),
    ).rejects.toThrow(/itemFeatures/);
    await expect(
      compare({ data, split: 'dualnet', models: ['itempop'], protocols: ['sampled'], seeds: 1 }),
    ).rejects.toThrow("protocols must list 'in-matrix' and/or 'out-of-matrix' with the dualnet split");
    await expect(compare({ data, models: ['itempop'], protocols: ['in-matrix'], seeds: 1 })).rejects.toThrow(
      "protocols must list 'sampled' and/or 'full'",
    );
    await expect(
      compare({
        data,
        split: 'dualnet',
        models: ['itempop'],
        selection: { protocol: 'out-of-matrix', metric: 'recall@50' },
        seeds: 1,
      }),
    ).rejects.toThrow("selection.protocol must be 'in-matrix' with this split");
  });
});
