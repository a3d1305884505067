import type { Interactions, Random } from '@recsys/data';
import type { Batch, BatchSource, EpochBatches } from './batch.js';
import { checkBatchSize } from './epoch-cut.js';

/**
 * A dual mini-batch (DualNet, §4): `users.length` users × `items.length` items and their whole block of the matching
 * matrix, zeros included. `size` counts the block's cells.
 */
export interface DualBlockBatch extends Batch {
  /** The block's users, distinct. */
  readonly users: Int32Array;
  /** The block's items, distinct. */
  readonly items: Int32Array;
  /** `R` of the block, `[users × items]` row-major: 1 where the user interacted with the item in training, else 0. */
  readonly targets: Float32Array;
}

/** Options of {@link dualBlocks}. */
export interface DualBlockOptions {
  /** Users per block, B_u. Default 256. */
  userBatch?: number;
  /** Items per block, B_v. Default 256. */
  itemBatch?: number;
}

/** A {@link BatchSource} of dual mini-batches, with what it covers. */
export interface DualBlockSource extends BatchSource<DualBlockBatch> {
  /** The users the blocks cover: every user with a training row, ascending. */
  readonly users: Int32Array;
  /** The items the blocks cover: every item with a training row, ascending. */
  readonly items: Int32Array;
  /** Blocks per epoch. */
  readonly blocksPerEpoch: number;
  /** Positives (distinct training pairs) per epoch. */
  readonly positives: number;
}

/**
 * DualNet's dual mini-batches (§4): every epoch shuffles the users and the items, cuts them into groups of B_u and
 * B_v, and visits every (user group, item group) block once, in shuffled order — the whole matching matrix `R`
 * (zeros included) once per epoch without repetition. A block's `R` is built from the log's rows when it is drawn;
 * nothing of size users × items is ever held.
 *
 * Only users and items with training rows take part: a user without one has no history to encode, and an item without
 * one (held out for cold start) must not be trained as everyone's negative. Their counts are on the source
 * ({@link DualBlockSource.users}, {@link DualBlockSource.items}) for the caller to report. Choose B_u × B_v large
 * enough that a block usually holds positives: the expected count is `B_u · B_v · density`.
 *
 * @throws RangeError on a batch size that is not a positive integer, or a log without rows.
 * @example
 * ```ts
 * const source = dualBlocks(train, { userBatch: 256, itemBatch: 512 });
 * const epoch = source.epoch(new Random(1));
 * const { users, items, targets } = epoch.batch(0); // targets[u * items.length + v] = R(users[u], items[v])
 * ```
 */
export function dualBlocks(train: Interactions, options: DualBlockOptions = {}): DualBlockSource {
  const userBatch = checkBatchSize(options.userBatch ?? 256);
  const itemBatch = checkBatchSize(options.itemBatch ?? 256);
  if (train.size === 0) throw new RangeError('dualBlocks: the training log is empty');
  const users = activeIds(train.numUsers, (u) => train.userDegree(u));
  const items = activeIds(train.numItems, (i) => train.itemDegree(i));
  const userGroups = Math.ceil(users.length / userBatch);
  const itemGroups = Math.ceil(items.length / itemBatch);
  const blocks = userGroups * itemGroups;
  let positives = 0;
  for (const u of users) positives += distinctCount(train.itemsOf(u));
  // Position of each item in the block being built (−1: not in it); reused across blocks.
  const position = new Int32Array(train.numItems).fill(-1);
  return {
    users,
    items,
    blocksPerEpoch: blocks,
    positives,
    epoch(random: Random): EpochBatches<DualBlockBatch> {
      const userOrder = random.shuffle(Int32Array.from(users));
      const itemOrder = random.shuffle(Int32Array.from(items));
      const order = random.shuffle(Int32Array.from({ length: blocks }, (_, k) => k));
      return {
        length: blocks,
        examples: users.length * items.length,
        batch(index) {
          const block = order[index]!;
          const g = Math.floor(block / itemGroups);
          const h = block % itemGroups;
          const blockUsers = userOrder.subarray(g * userBatch, Math.min(users.length, (g + 1) * userBatch));
          const blockItems = itemOrder.subarray(h * itemBatch, Math.min(items.length, (h + 1) * itemBatch));
          const width = blockItems.length;
          blockItems.forEach((item, v) => (position[item] = v));
          const targets = new Float32Array(blockUsers.length * width);
          blockUsers.forEach((user, u) => {
            for (const item of train.itemsOf(user)) {
              const v = position[item]!;
              if (v >= 0) targets[u * width + v] = 1;
            }
          });
          for (const item of blockItems) position[item] = -1;
          return { users: blockUsers, items: blockItems, targets, size: targets.length };
        },
      };
    },
  };
}

function activeIds(count: number, degree: (id: number) => number): Int32Array {
  const ids: number[] = [];
  for (let id = 0; id < count; id++) if (degree(id) > 0) ids.push(id);
  return Int32Array.from(ids);
}

function distinctCount(ids: Int32Array): number {
  return new Set(ids).size;
}
