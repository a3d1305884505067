import type { CliIo } from './io.js';

/** A training stop signal aborted by the first Ctrl-C, and how to stop listening for it. */
export interface TrainingStop {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * Catches the first Ctrl-C during training: it aborts `signal` (training then ends at the next batch and keeps its
 * best epoch so far, which the command saves) and says so; a second Ctrl-C quits without saving.
 */
export function stopOnInterrupt(io: CliIo): TrainingStop {
  const controller = new AbortController();
  const remove = io.onInterrupt?.(() => {
    // On a terminal the progress bar holds the line: start a new one.
    io.err(
      `${io.isTTY ? '\n' : ''}recsys: Ctrl-C: stopping after this batch to save the best model so far ` +
        '(Ctrl-C again quits without saving)\n',
    );
    controller.abort(new Error('interrupted (Ctrl-C)'));
  });
  return { signal: controller.signal, dispose: () => remove?.() };
}
