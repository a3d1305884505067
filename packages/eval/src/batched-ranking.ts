import { RelevantRanking } from './rank.js';
import type { ProgressCallback } from './result.js';
import { type Scorer, scoreBatch } from './scorer.js';

/**
 * The cases ("groups") to rank, each a user with relevant items and a stream of irrelevant candidates. Groups are
 * begun in order 0, 1, …; between `begin(g)` and `end(g)` the group's irrelevant candidates are drawn through
 * {@link emit}, exactly {@link irrelevantCount}(g) of them in total. Only one group is being emitted at a time.
 */
export interface RankingSource {
  /** Number of groups. */
  readonly groups: number;
  /** Total number of (user, item) pairs to score: Σ over groups of relevant + irrelevant. */
  readonly totalPairs: number;
  /** User of group `g`. */
  user(g: number): number;
  /** Relevant items of group `g` (at least one). */
  relevant(g: number): Int32Array;
  /** Number of irrelevant candidates of group `g`. */
  irrelevantCount(g: number): number;
  /** Prepares the emission of group `g`'s irrelevant candidates. */
  begin(g: number): void;
  /** Writes up to `max` more irrelevant items of the current group into `out[offset..]`; returns how many. */
  emit(out: Int32Array, offset: number, max: number): number;
  /** Ends the current group's emission. */
  end(g: number): void;
}

/** Options of {@link rankInBatches}. */
export interface BatchOptions {
  /** Maximum number of pairs per scorer call (≥ 1). */
  batchSize: number;
  /** Called after each batch with pairs scored so far and in total. */
  onProgress?: ProgressCallback | undefined;
}

/** Called once per group, in group order, with the positions of its relevant items (ascending). */
export type RankedCallback = (g: number, user: number, positions: Int32Array, candidates: number) => void;

interface OpenGroup {
  g: number;
  user: number;
  relevant: Int32Array;
  irrelevant: number;
  relevantScores: Float64Array;
  ranking: RelevantRanking | undefined;
  relevantEmitted: number;
  irrelevantEmitted: number;
}

/**
 * Ranks every group of `source` with `scorer`, in batches of at most `batchSize` pairs. A batch holds pairs of one or
 * several groups, and a group's pairs may be split over several batches: each group lays out its relevant items
 * first, then its irrelevant candidates, so its relevant scores are all known before any irrelevant score is counted
 * against them. Per group only the relevant scores and the counts of irrelevant candidates scoring at least as high
 * are kept (see {@link RelevantRanking}); memory is O(batchSize + relevant items of the open groups), never
 * users × items.
 */
export async function rankInBatches(
  scorer: Scorer,
  source: RankingSource,
  options: BatchOptions,
  onRanked: RankedCallback,
): Promise<void> {
  const { batchSize, onProgress } = options;
  const bufferSize = Math.min(batchSize, Math.max(1, source.totalPairs));
  const users = new Int32Array(bufferSize);
  const items = new Int32Array(bufferSize);
  // Segments of the current batch: runs of pairs of one group, all relevant or all irrelevant.
  const segGroup: OpenGroup[] = [];
  const segRelevant: boolean[] = [];
  const segStart: number[] = [];
  const segLength: number[] = [];
  const segOffset: number[] = [];
  const closing: OpenGroup[] = [];
  let next = 0;
  let open: OpenGroup | undefined;
  let done = 0;

  for (;;) {
    let fill = 0;
    segGroup.length = segRelevant.length = segStart.length = segLength.length = segOffset.length = 0;
    closing.length = 0;
    while (fill < bufferSize) {
      if (open === undefined) {
        if (next === source.groups) break;
        open = beginGroup(source, next++);
      }
      const group = open;
      const room = bufferSize - fill;
      if (group.relevantEmitted < group.relevant.length) {
        const n = Math.min(group.relevant.length - group.relevantEmitted, room);
        items.set(group.relevant.subarray(group.relevantEmitted, group.relevantEmitted + n), fill);
        pushSegment(group, true, fill, n, group.relevantEmitted);
        group.relevantEmitted += n;
        fill += n;
      } else {
        const n = source.emit(items, fill, Math.min(group.irrelevant - group.irrelevantEmitted, room));
        if (n <= 0) throw new Error(`rankInBatches: source ran out of candidates for group ${group.g}`);
        pushSegment(group, false, fill, n, group.irrelevantEmitted);
        group.irrelevantEmitted += n;
        fill += n;
      }
      if (group.relevantEmitted === group.relevant.length && group.irrelevantEmitted === group.irrelevant) {
        source.end(group.g);
        closing.push(group);
        open = undefined;
      }
    }
    if (fill === 0) break;

    // Fill the users column per segment, score, then consume the scores in layout order.
    for (let s = 0; s < segGroup.length; s++) users.fill(segGroup[s].user, segStart[s], segStart[s] + segLength[s]);
    const scores = await scoreBatch(scorer, users.subarray(0, fill), items.subarray(0, fill));
    for (let s = 0; s < segGroup.length; s++) {
      const group = segGroup[s];
      const start = segStart[s];
      const length = segLength[s];
      if (segRelevant[s]) {
        for (let k = 0; k < length; k++) group.relevantScores[segOffset[s] + k] = scores[start + k];
      } else {
        group.ranking ??= new RelevantRanking(group.relevantScores);
        group.ranking.addAll(scores, start, start + length);
      }
    }
    for (const group of closing) {
      const ranking = group.ranking ?? new RelevantRanking(group.relevantScores);
      onRanked(group.g, group.user, ranking.positions(), ranking.candidates);
    }
    done += fill;
    onProgress?.(done, source.totalPairs);
  }

  function pushSegment(group: OpenGroup, relevant: boolean, start: number, length: number, offset: number): void {
    segGroup.push(group);
    segRelevant.push(relevant);
    segStart.push(start);
    segLength.push(length);
    segOffset.push(offset);
  }
}

function beginGroup(source: RankingSource, g: number): OpenGroup {
  const relevant = source.relevant(g);
  if (relevant.length < 1) throw new Error(`rankInBatches: group ${g} has no relevant item`);
  source.begin(g);
  return {
    g,
    user: source.user(g),
    relevant,
    irrelevant: source.irrelevantCount(g),
    relevantScores: new Float64Array(relevant.length),
    ranking: undefined,
    relevantEmitted: 0,
    irrelevantEmitted: 0,
  };
}
