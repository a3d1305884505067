/** The parts of training a {@link StepProfile} times, in the order a step runs them. */
export const STEP_PHASES = [
  'batches',
  'host lookups',
  'forward',
  'backward',
  'gradients to host',
  'sparse scatter',
  'optimizer',
  'other',
] as const;

/** One part of training: see {@link StepProfile}. */
export type StepPhase = (typeof STEP_PHASES)[number];

/** What each phase means, as {@link StepProfile.format} prints it. */
const MEANING: Record<StepPhase, string> = {
  batches: 'drawing negatives, shuffling (once per epoch)',
  'host lookups': 'table rows and bags gathered host-side into tensors',
  forward: 'the forward pass in tfjs, loss included',
  backward: 'the backward pass: tfjs kernels and host-side rules',
  'gradients to host': 'reading the gradients back from tfjs',
  'sparse scatter': 'row gradients summed per table row, finiteness checks',
  optimizer: 'sparse row updates and dense weight updates',
  other: 'the rest of a step: tensor disposal, bookkeeping',
};

/**
 * Where training time goes, phase by phase (see {@link STEP_PHASES}): give one to `fitModel` (or a model's `fit`) as
 * `profile`, then read {@link seconds} or print {@link format}. Timing costs a clock read per phase and lookup, well
 * under 1% of a step. On the wasm and cpu backends tfjs runs each op when it is called, so a phase's time is its own;
 * on an asynchronous backend (WebGL, tfjs-node's GPU) work queued in one phase may be paid in the next read-back.
 *
 * @example
 * ```ts
 * const profile = new StepProfile();
 * await model.fit(train, { epochs: 1, profile });
 * console.log(profile.format()); // phase, seconds, share, ms per step
 * ```
 */
export class StepProfile {
  private readonly ms = new Map<StepPhase, number>(STEP_PHASES.map((phase) => [phase, 0]));
  /** Training steps profiled. */
  steps = 0;
  /** Training examples in those steps. */
  samples = 0;

  /** Adds `ms` milliseconds to `phase`. */
  add(phase: StepPhase, ms: number): void {
    this.ms.set(phase, this.ms.get(phase)! + ms);
  }

  /** Runs `f`, adding its time to `phase`. */
  time<T>(phase: StepPhase, f: () => T): T {
    const start = performance.now();
    try {
      return f();
    } finally {
      this.add(phase, performance.now() - start);
    }
  }

  /** Seconds spent in each phase so far. */
  seconds(): Record<StepPhase, number> {
    return Object.fromEntries(STEP_PHASES.map((phase) => [phase, this.ms.get(phase)! / 1000])) as Record<
      StepPhase,
      number
    >;
  }

  /** A table of the phases: seconds, share of the total, milliseconds per step, and what each phase is. */
  format(): string {
    const total = [...this.ms.values()].reduce((a, b) => a + b, 0);
    const rows = STEP_PHASES.map((phase) => {
      const ms = this.ms.get(phase)!;
      return [
        phase,
        (ms / 1000).toFixed(2),
        total > 0 ? `${((100 * ms) / total).toFixed(1)}%` : '-',
        this.steps > 0 ? (ms / this.steps).toFixed(3) : '-',
        MEANING[phase],
      ];
    });
    // Over every phase, batch drawing included: the epoch line's rate counts the steps only, so it is higher.
    const rate =
      total > 0 ? `, ${Math.round(this.samples / (total / 1000)).toLocaleString('en-US')} samples/s (all phases)` : '';
    const header = ['phase', 's', 'share', 'ms/step', 'what'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
    const line = (row: string[]) =>
      row
        .map((cell, c) => (c === 0 || c === row.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  ')
        .trimEnd();
    return [
      `${this.steps} steps, ${this.samples.toLocaleString('en-US')} samples in ${(total / 1000).toFixed(2)} s${rate}`,
      line(header),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
    ].join('\n');
  }
}
