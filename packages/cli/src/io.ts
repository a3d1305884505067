/** Where a command writes: results on `out` (JSON or data lines), progress and logs on `err`. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Whether standard error is a terminal (progress may redraw in place). */
  isTTY: boolean;
  /**
   * Calls `handler` on the first Ctrl-C (SIGINT) instead of quitting; a second Ctrl-C quits as usual. Returns a
   * function that removes the handler. Absent: Ctrl-C is not caught.
   */
  onInterrupt?(handler: () => void): () => void;
}

/** A mistake in how the command was called: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
    onInterrupt: (handler) => {
      // `once`: the listener is gone after the first Ctrl-C, so a second one gets Node's default exit (code 130).
      process.once('SIGINT', handler);
      return () => void process.off('SIGINT', handler);
    },
  };
}

/** Writes `value` as one line of JSON on standard output. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n',
  );
}

/** A logger on standard error, prefixed so it is easy to tell from results. */
export function logger(io: CliIo): (message: string) => void {
  return (message) => io.err(`recsys: ${message}\n`);
}

/** A logger for what may make a result wrong: `recsys: warning: …` on standard error, hard to miss. */
export function warner(io: CliIo): (message: string) => void {
  return (message) => io.err(`recsys: warning: ${message}\n`);
}
