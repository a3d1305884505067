import { IdMap, Interactions } from '@recsys/data';
import type { ModelDirContents } from '../src/io/model-dir.js';

/** Values per weight array: 10 MB of float32 each, so that a save takes long enough to be killed part-way. */
export const KILL_TEST_VALUES = 2_500_000;

/** `n` deterministic values in [-1, 1) from `seed` (xorshift32; seed 0 taken as 1). */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let state = seed >>> 0 || 1;
  for (let k = 0; k < n; k++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[k] = (state >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

/**
 * Model A, B or C of the kill test, the same in the test and in the child process it kills: three 10 MB weight arrays
 * each over one training log. `table.item` and the training pairs are the same in all, so B's save replaces files
 * A's manifest reads with files of the same name and content; `table.user` differs; the third array has another name
 * in each, so B's save removes one of A's files. C is B's rival in the race test: two saves over A at once.
 */
export function killTestModel(which: 'a' | 'b' | 'c'): ModelDirContents {
  const users = new Int32Array(2000);
  const items = new Int32Array(2000);
  for (let r = 0; r < users.length; r++) [users[r], items[r]] = [r % 100, (r * 7) % 300];
  const train = Interactions.fromColumns(
    { users, items },
    {
      userIds: IdMap.from(Array.from({ length: 100 }, (_, u) => `user-${u}`)),
      itemIds: IdMap.from(Array.from({ length: 300 }, (_, i) => `item-${i}`)),
    },
  );
  const seed = { a: 1, b: 101, c: 201 }[which];
  return {
    model: { a: 'gmf', b: 'mlp', c: 'neumf' }[which],
    config: { which },
    arrays: {
      'table.user': values(KILL_TEST_VALUES, seed),
      'table.item': values(KILL_TEST_VALUES, 7),
      [`dense.${which}`]: values(KILL_TEST_VALUES, seed + 2),
    },
    train,
  };
}
