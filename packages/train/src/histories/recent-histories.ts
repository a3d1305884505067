import type { Interactions } from '@recsys/data';

/** One side of a log as histories: a user's items, or an item's users. */
export type HistorySide = 'user' | 'item';

/** Padded histories of a batch, as {@link RecentHistories.padded} returns them. */
export interface PaddedHistories {
  /** `[n, length]` row-major ids, oldest first, padded with −1 at the end of each row. */
  ids: Int32Array;
  /** Entries per row (the padded width): the longest history of the batch, at most the cap. At least 1. */
  length: number;
  /** Full history length of each row after leaving out (uncapped): DELF's `|R(u)|` / `|R(i)|`. */
  counts: Int32Array;
}

/**
 * The histories of one side of a training log, each in time order (by timestamp, ties and untimed logs by row order
 * in the log): a user's items (DELF's `R(u)`, over which `m_u` attends) or an item's users (`R(i)`, for `n_i`).
 *
 * {@link padded} cuts a batch of them to the most recent `cap` entries, optionally leaving one id out of each row — in
 * training the scored pair's own entry, so a positive's label never leaks into its own input (a history that contains
 * the item it is asked to score makes the score trivial, and nothing like it exists at test time).
 *
 * @example
 * ```ts
 * const itemsOfUser = new RecentHistories(train, 'user');
 * const { ids, length } = itemsOfUser.padded(batch.users, 50, batch.items); // leave the scored item out
 * const rows = ctx.rows(y, ids, [batch.users.length, length]); // [n, length, dim]
 * ```
 */
export class RecentHistories {
  /** Offsets of each id's history in {@link entries}. */
  readonly offsets: Int32Array;
  /** Histories, id after id, oldest first. */
  readonly entries: Int32Array;

  constructor(
    log: Interactions,
    /** `'user'`: each user's items; `'item'`: each item's users. */
    readonly side: HistorySide,
  ) {
    const ptr = side === 'user' ? log.userPtr : log.itemPtr;
    const others = side === 'user' ? log.userItems : log.itemUsers;
    const rows = side === 'user' ? log.userRows : log.itemRows;
    const time = log.timestamps;
    this.offsets = ptr;
    this.entries = new Int32Array(others.length);
    const order: number[] = [];
    for (let id = 0; id + 1 < ptr.length; id++) {
      const start = ptr[id]!;
      const end = ptr[id + 1]!;
      order.length = 0;
      for (let k = start; k < end; k++) order.push(k);
      order.sort((a, b) => (time ? time[rows[a]!]! - time[rows[b]!]! : 0) || rows[a]! - rows[b]!);
      for (let k = 0; k < order.length; k++) this.entries[start + k] = others[order[k]!]!;
    }
  }

  /** Number of ids (users or items) this side has. */
  get size(): number {
    return this.offsets.length - 1;
  }

  /** Length of `id`'s full history (0 for an id outside the log). */
  count(id: number): number {
    return id >= 0 && id < this.size ? this.offsets[id + 1]! - this.offsets[id]! : 0;
  }

  /**
   * The most recent `cap` entries of each of `ids`' histories, padded with −1 into `[n, length]`. With `leaveOut`,
   * row `r` leaves out every entry equal to `leaveOut[r]` first (−1: nothing), so the cap still holds `cap` real
   * entries. Ids outside the log get empty rows.
   *
   * @param cap - most recent entries kept per row (≥ 1; `Infinity` keeps all).
   * @throws RangeError when `leaveOut` is not as long as `ids` or `cap` is not ≥ 1.
   */
  padded(ids: Int32Array, cap: number, leaveOut?: Int32Array): PaddedHistories {
    if (!(cap >= 1) || (Number.isFinite(cap) && !Number.isInteger(cap))) {
      throw new RangeError(`RecentHistories.padded: cap must be an integer ≥ 1 or Infinity, got ${cap}`);
    }
    if (leaveOut && leaveOut.length !== ids.length) {
      throw new RangeError(`RecentHistories.padded: ${leaveOut.length} ids to leave out for ${ids.length} rows`);
    }
    const n = ids.length;
    const counts = new Int32Array(n);
    let length = 1;
    for (let r = 0; r < n; r++) {
      const id = ids[r]!;
      let count = this.count(id);
      if (count > 0 && leaveOut && leaveOut[r]! >= 0) {
        const start = this.offsets[id]!;
        for (let k = start; k < start + this.count(id); k++) if (this.entries[k] === leaveOut[r]) count--;
      }
      counts[r] = count;
      length = Math.max(length, Math.min(count, cap));
    }
    const out = new Int32Array(n * length).fill(-1);
    for (let r = 0; r < n; r++) {
      const id = ids[r]!;
      const keep = Math.min(counts[r]!, length);
      if (keep === 0) continue;
      const skip = leaveOut && leaveOut[r]! >= 0 ? leaveOut[r]! : -1;
      // Walk back from the most recent entry, filling the row's kept slots from the right: oldest first, padding last.
      let slot = keep;
      for (let k = this.offsets[id + 1]! - 1; k >= this.offsets[id]! && slot > 0; k--) {
        const v = this.entries[k]!;
        if (v !== skip) out[r * length + --slot] = v;
      }
    }
    return { ids: out, length, counts };
  }
}
