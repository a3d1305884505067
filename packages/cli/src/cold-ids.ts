import type { IdMap } from '@recsys/data';

/**
 * Why a raw id the model does not know may still be meant as one it does: the usual ways a file spells a known id
 * differently. `undefined` when no known id is near — then the id is simply new (cold).
 */
export function nearMiss(raw: string, ids: IdMap): string | undefined {
  const candidates: [string, string][] = [
    [raw.replace(/^\uFEFF/, ''), 'a byte-order mark'],
    [raw.replace(/[\u200B-\u200D\u2060\uFEFF]/g, ''), 'an invisible zero-width character'],
    [raw.normalize('NFC'), 'another Unicode normalization (decomposed accents)'],
    [raw.normalize('NFD'), 'another Unicode normalization (composed accents)'],
    [raw.trim(), 'surrounding whitespace'],
    [raw.trim().replace(/^([+-]?)0+(?=\d)/, '$1'), 'leading zeros'],
    [
      raw
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .replace(/^'(.*)'$/, '$1'),
      'quotes',
    ],
  ];
  for (const [fixed, what] of candidates) {
    if (fixed !== raw && ids.has(fixed))
      return `${JSON.stringify(raw)} has ${what}; the model knows ${JSON.stringify(fixed)}`;
  }
  return undefined;
}

/**
 * Tallies ids a model does not know, per kind (`user`, `item`), with a few examples and the near misses that suggest
 * a formatting problem rather than a new id, for one summary line instead of silence.
 */
export class ColdIds {
  private readonly counts = new Map<string, number>();
  private readonly examples = new Map<string, string[]>();
  private readonly misses: string[] = [];
  private nearMisses = 0;

  /** Notes one occurrence of `raw`, a `kind` id that `ids` does not hold. */
  add(kind: string, raw: string, ids: IdMap): void {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const examples = this.examples.get(kind) ?? [];
    if (examples.length < 3 && !examples.includes(raw)) examples.push(raw);
    this.examples.set(kind, examples);
    const miss = nearMiss(raw, ids);
    if (miss) {
      this.nearMisses++;
      if (this.misses.length < 3) this.misses.push(miss);
    }
  }

  /** Occurrences of unknown ids of `kind`. */
  count(kind: string): number {
    return this.counts.get(kind) ?? 0;
  }

  /** One line describing the unknown ids, or `undefined` when there were none. */
  describe(): string | undefined {
    if (this.counts.size === 0) return undefined;
    const parts = [...this.counts].map(
      ([kind, n]) =>
        `${n} with an unknown ${kind} (e.g. ${this.examples
          .get(kind)!
          .map((id) => JSON.stringify(id))
          .join(', ')})`,
    );
    let line = parts.join(', ');
    if (this.nearMisses > 0) {
      line += `; ${this.nearMisses} look like known ids written differently: ${this.misses.join('; ')}`;
    }
    return line;
  }
}
