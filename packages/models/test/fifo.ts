import { execFileSync } from 'node:child_process';

/**
 * Makes a FIFO at `path` with the system's `mkfifo`; returns why not when it cannot (no `mkfifo`, a file system
 * without FIFOs), for the test to print and skip.
 */
export function makeFifo(path: string): string | undefined {
  if (process.platform === 'win32') return 'no FIFOs on Windows';
  try {
    execFileSync('mkfifo', [path], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    return `mkfifo failed: ${(error as Error).message}`;
  }
}
