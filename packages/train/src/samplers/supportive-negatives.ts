import { describeValue, type Interactions, type Random } from '@recsys/data';
import type { NegativeSampler } from './negative-sampler.js';
import { UniformNegatives } from './uniform-negatives.js';

/** Options of {@link SupportiveNegatives}. */
export interface SupportiveNegativesOptions {
  /**
   * Probability that a user with supportive-only items draws from them; otherwise (and always for a user without
   * any) the draw is uniform over the items the user has no target interaction with. Default 1: every negative of a
   * user who has supportive-only items is one of them, as the paper samples.
   */
  share?: number;
}

/** How many draws {@link SupportiveNegatives} took from each source. */
export interface SupportiveDraws {
  /** Draws from the user's supportive-only items. */
  supportive: number;
  /** Uniform draws: users without supportive-only items, and the `1 − share` mix. */
  uniform: number;
}

/**
 * Behaviour-aware negatives (multiple implicit feedback, §3.1): a target interaction's (a purchase's) negative is an
 * item the user interacted with **only through supportive behaviours** — viewed, carted or favourited, never bought.
 * Such items are informative negatives: the user saw them and did not buy. A user without any falls back to uniform
 * negatives over the items they never bought; {@link SupportiveNegativesOptions.share} mixes in uniform draws for the
 * others. {@link draws} counts both kinds, so a report can say how many negatives were of each.
 *
 * Each user's supportive-only items are collected once (O(supportive rows)); a draw is O(1) expected.
 *
 * @example
 * ```ts
 * const sampler = new SupportiveNegatives(log.ofBehaviour('buy'), [log.ofBehaviour('cart'), log.ofBehaviour('pv')]);
 * const negative = sampler.sample(user, random);
 * ```
 */
export class SupportiveNegatives implements NegativeSampler {
  /** The share of draws from supportive-only items for users who have some. */
  readonly share: number;
  /** Draws so far, by source. */
  readonly draws: SupportiveDraws = { supportive: 0, uniform: 0 };
  /** Users with at least one supportive-only item. */
  readonly usersWithSupportive: number;
  private readonly ptr: Int32Array;
  private readonly items: Int32Array;
  private readonly uniform: UniformNegatives;

  /**
   * @param target - the target behaviour's training rows.
   * @param supportive - each supportive behaviour's training rows, in the target's id space.
   * @throws RangeError when a supportive log has another index space, or `share` is outside [0, 1].
   */
  constructor(target: Interactions, supportive: readonly Interactions[], options: SupportiveNegativesOptions = {}) {
    const share = options.share ?? 1;
    if (!(typeof share === 'number' && share >= 0 && share <= 1)) {
      throw new RangeError(`SupportiveNegatives: option "share" must be in [0, 1], got ${describeValue(share)}`);
    }
    supportive.forEach((log, k) => {
      if (log.numUsers !== target.numUsers || log.numItems !== target.numItems) {
        throw new RangeError(
          `SupportiveNegatives: supportive log ${k} has ${log.numUsers} users × ${log.numItems} items, the target ` +
            `${target.numUsers} × ${target.numItems}: give every behaviour in one index space`,
        );
      }
    });
    this.share = share;
    this.uniform = new UniformNegatives(target);
    // Per user, the distinct items of any supportive row that are not target items, as CSR.
    const ptr = new Int32Array(target.numUsers + 1);
    const items: number[] = [];
    const stamp = new Int32Array(target.numItems).fill(-1);
    for (let u = 0; u < target.numUsers; u++) {
      for (let i = target.userPtr[u]!; i < target.userPtr[u + 1]!; i++) stamp[target.userItems[i]!] = u;
      for (const log of supportive) {
        for (let i = log.userPtr[u]!; i < log.userPtr[u + 1]!; i++) {
          const item = log.userItems[i]!;
          if (stamp[item] === u) continue;
          stamp[item] = u;
          items.push(item);
        }
      }
      ptr[u + 1] = items.length;
    }
    this.ptr = ptr;
    this.items = Int32Array.from(items);
    let users = 0;
    for (let u = 0; u < target.numUsers; u++) if (ptr[u + 1]! > ptr[u]!) users++;
    this.usersWithSupportive = users;
  }

  /** The user's supportive-only items (ascending within each supportive log, logs in order). */
  supportiveOnly(user: number): Int32Array {
    return this.items.subarray(this.ptr[user]!, this.ptr[user + 1]!);
  }

  sample(user: number, random: Random): number {
    const from = this.ptr[user]!;
    const count = this.ptr[user + 1]! - from;
    if (count > 0 && (this.share === 1 || random.next() < this.share)) {
      this.draws.supportive++;
      return this.items[from + random.int(count)]!;
    }
    this.draws.uniform++;
    return this.uniform.sample(user, random);
  }
}
