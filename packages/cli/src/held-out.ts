import {
  assertNegativesMatch,
  checkTestNegatives,
  loadNcfNegatives,
  negativesPerCase,
  type IdMap,
  type Interactions,
  type TestNegatives,
} from '@recsys/data';
import { logger, warner, type CliIo } from './io.js';
import { checkedPath } from './paths.js';

/** An index space to move negatives into: the maps grow with ids they do not know (cold ids). */
export interface IdSpace {
  userIds: IdMap;
  itemIds: IdMap;
}

/** Where a negatives file comes from and what it must agree with. */
export interface NegativesSource {
  /** The negatives file. */
  path: string;
  /** The option that named it, for messages (e.g. `--test-negatives`). */
  option: string;
  /** The held-out log it must be headed by, loaded into `space`. */
  heldOut: Interactions;
  /** The held-out file's path, for messages. */
  heldOutPath: string;
  /** Accept cases listing unequal numbers of negatives (reported) instead of refusing them. */
  unequal: boolean;
  /** The training log in `space`, to count negatives the user interacted with. */
  train?: Interactions;
  /** Items the model was trained on: negatives at or past this index are counted as cold. */
  trainedItems?: number;
  /**
   * Drop, before matching, the cases whose user or held-out item is at or past these bounds: the held-out log was
   * restricted to them the same way (and said so).
   */
  within?: { numUsers: number; numItems: number };
}

/**
 * Loads an NCF negatives file into `space` and checks it against its held-out file: each case's `(user,item)` head
 * must be a held-out pair and each pair must head exactly one case (else it throws, naming both files), every case
 * must list negatives, equally many unless `unequal` (then the spread is reported), and defects that bias the metric
 * (the held-out item among its negatives, repeats, training items) are counted on stderr.
 */
export async function loadNegativesFor(io: CliIo, space: IdSpace, source: NegativesSource): Promise<TestNegatives> {
  const log = logger(io);
  const warn = warner(io);
  const path = await checkedPath(source.path, source.option);
  const { negatives: raw } = await loadNcfNegatives(path);
  // NCF ids are the raw ids of the NCF rating files: re-express them in the model's space, as the ratings were.
  const user = (k: number) => space.userIds.add(String(k));
  const item = (k: number) => space.itemIds.add(String(k));
  let negatives: TestNegatives = {
    users: raw.users.map(user),
    positives: raw.positives.map(item),
    offsets: raw.offsets,
    items: raw.items.map(item),
  };
  if (source.within) negatives = casesWithin(negatives, source.within.numUsers, source.within.numItems);
  assertNegativesMatch(negatives, source.heldOut, { negatives: path, heldOut: source.heldOutPath });
  const counts = negativesPerCase(negatives); // a line without negatives is already a loader error
  if (counts.differing > 0) {
    const first = counts.firstDiffering;
    const spread =
      `${counts.differing} of ${raw.users.length} cases do not list the usual ${counts.common} negatives ` +
      `(from ${counts.min} to ${counts.max}; first: line ${first + 1}, ${raw.offsets[first + 1] - raw.offsets[first]})`;
    if (!source.unequal) {
      throw new Error(
        `${path}: ${spread}; metrics over unequal candidate sets are not comparable. Fix the file, or pass ` +
          '--unequal-negatives to rank each case among the negatives it lists',
      );
    }
    warn(`${path}: ${spread}; ranked as listed (--unequal-negatives)`);
  } else {
    log(`${path}: ${raw.users.length} cases, ${counts.common} negatives each`);
  }
  if (source.trainedItems !== undefined) {
    const known = source.trainedItems;
    let cold = 0;
    for (let k = 0; k < negatives.items.length; k++) if (negatives.items[k] >= known) cold++;
    if (cold > 0)
      log(`${path}: ${cold} of ${negatives.items.length} negatives are items training never saw (scored cold)`);
  }
  const check = checkTestNegatives(negatives, source.train);
  if (check.positiveAmongNegatives + check.duplicateNegatives + check.interactedNegatives > 0) {
    warn(
      `${path}: ${check.positiveAmongNegatives} held-out items among their own negatives, ` +
        `${check.duplicateNegatives} duplicate negatives, ${check.interactedNegatives} negatives seen in training ` +
        '(kept as listed; ties and duplicates count against the held-out item)',
    );
  }
  return negatives;
}

/**
 * Counts the held-out pairs that are also in `other` (training, or the validation the epochs were chosen on) and
 * warns when there are any: a figure measured on them is optimistic.
 */
export function warnOverlap(io: CliIo, heldOut: Interactions, heldOutPath: string, other: Interactions, what: string) {
  let shared = 0;
  for (let r = 0; r < heldOut.size; r++) if (other.has(heldOut.users[r], heldOut.items[r])) shared++;
  if (shared > 0) {
    warner(io)(`${shared} of the ${heldOut.size} pairs of ${heldOutPath} are ${what}: the figures below overstate`);
  }
  return shared;
}

/** The cases whose user and held-out item are below the bounds, with their negatives. */
function casesWithin(negatives: TestNegatives, numUsers: number, numItems: number): TestNegatives {
  const keep: number[] = [];
  for (let c = 0; c < negatives.users.length; c++) {
    if (negatives.users[c] < numUsers && negatives.positives[c] < numItems) keep.push(c);
  }
  if (keep.length === negatives.users.length) return negatives;
  const offsets = new Int32Array(keep.length + 1);
  const items: number[] = [];
  keep.forEach((c, k) => {
    for (let j = negatives.offsets[c]; j < negatives.offsets[c + 1]; j++) items.push(negatives.items[j]);
    offsets[k + 1] = items.length;
  });
  return {
    users: Int32Array.from(keep, (c) => negatives.users[c]),
    positives: Int32Array.from(keep, (c) => negatives.positives[c]),
    offsets,
    items: Int32Array.from(items),
  };
}
