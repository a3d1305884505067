/** Where the worker module of a parallel fit is: beside the built package's entry (dist/parallel-worker.js). */
let url: URL | undefined;

/** The URL of the module the workers of a parallel fit run. */
export function parallelWorkerUrl(): URL {
  return url ?? new URL('./parallel-worker.js', import.meta.url);
}

/**
 * Points parallel fits at another worker module: tests running the TypeScript sources give a bundle of
 * neural/parallel-worker.ts. `undefined` restores the default.
 *
 * @internal
 */
export function setParallelWorkerUrl(worker: URL | undefined): void {
  url = worker;
}
