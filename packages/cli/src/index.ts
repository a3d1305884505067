/**
 * `@recsys/cli`: the `recsys` command line. The binary is `recsys`; {@link run} runs it in-process (tests, embedding).
 *
 * @packageDocumentation
 */
export { run, usage } from './main.js';
export { type CliIo, processIo, UsageError } from './io.js';
