import { describe, expect, it } from 'vitest';
import { trainFixture } from './history-fixture.js';
import { checkTrainOutput, validationMetrics } from './train-output.js';

describe('checkTrainOutput', () => {
  it('accepts what recsys train prints, with or without history', () => {
    expect(checkTrainOutput('f', trainFixture()).model).toBe('neumf');
    expect(
      checkTrainOutput('f', { model: 'itempop', out: 'm', users: 1, items: 1, rows: 1, seed: 1, seconds: 0.1 }).history,
    ).toBeUndefined();
  });

  it('names the field that is wrong', () => {
    expect(() => checkTrainOutput('renderHistoryText', [])).toThrow(
      'renderHistoryText: expected the JSON that recsys train prints, got an array of 0',
    );
    expect(() => checkTrainOutput('f', { model: 3 })).toThrow(
      'f: the training output must name its model (a string), got 3',
    );
    expect(() => checkTrainOutput('f', { model: 'a', history: {} })).toThrow('f: history must be an array of epochs');
    expect(() => checkTrainOutput('f', { model: 'a', history: [{ loss: 1 }] })).toThrow(
      'f: history[0] must be an epoch record',
    );
  });
});

describe('validationMetrics', () => {
  it('lists metric names in first-seen order', () => {
    expect(validationMetrics(trainFixture().history!)).toEqual(['hr', 'ndcg']);
    expect(validationMetrics([{}, { validation: { auc: 0.9 } }])).toEqual(['auc']);
  });
});
