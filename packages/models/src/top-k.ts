import type { Recommendation } from './recommender.js';

/**
 * Keeps the `k` best (score, item) entries seen so far, in O(log k) per offer: a min-heap on score whose root is the
 * weakest kept entry. Ties are broken towards the lower item index, so results are deterministic.
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly items: Int32Array;
  private count = 0;

  constructor(private readonly k: number) {
    if (!(Number.isInteger(k) && k >= 1)) throw new RangeError(`k must be a positive integer, got ${k}`);
    this.scores = new Float64Array(k);
    this.items = new Int32Array(k);
  }

  /** Offers one candidate. */
  offer(item: number, score: number): void {
    if (this.count < this.k) {
      this.scores[this.count] = score;
      this.items[this.count] = item;
      this.siftUp(this.count++);
    } else if (this.better(item, score, 0)) {
      this.scores[0] = score;
      this.items[0] = item;
      this.siftDown(0);
    }
  }

  /** The kept entries, best first. */
  result(): Recommendation[] {
    const out: Recommendation[] = [];
    for (let j = 0; j < this.count; j++) out.push({ item: this.items[j], score: this.scores[j] });
    return out.sort((a, b) => b.score - a.score || a.item - b.item);
  }

  /** Whether (item, score) ranks above the entry at heap slot `j`. */
  private better(item: number, score: number, j: number): boolean {
    return score > this.scores[j] || (score === this.scores[j] && item < this.items[j]);
  }

  private siftUp(j: number): void {
    while (j > 0) {
      const parent = (j - 1) >> 1;
      if (!this.better(this.items[parent], this.scores[parent], j)) break;
      this.swap(j, parent);
      j = parent;
    }
  }

  private siftDown(j: number): void {
    for (;;) {
      const left = 2 * j + 1;
      const right = left + 1;
      let weakest = j;
      if (left < this.count && this.better(this.items[weakest], this.scores[weakest], left)) weakest = left;
      if (right < this.count && this.better(this.items[weakest], this.scores[weakest], right)) weakest = right;
      if (weakest === j) return;
      this.swap(j, weakest);
      j = weakest;
    }
  }

  private swap(a: number, b: number): void {
    const s = this.scores[a];
    this.scores[a] = this.scores[b];
    this.scores[b] = s;
    const i = this.items[a];
    this.items[a] = this.items[b];
    this.items[b] = i;
  }
}
