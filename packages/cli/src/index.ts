/**
 * The `recsys` command line: data stats, split, train, evaluate, score, recommend, compare and report, on files, with
 * results as JSON on stdout and progress on stderr (`recsys <command> --help` lists each command's options). Install it
 * for the `recsys` binary; {@link run} runs the same commands in-process (tests, embedding).
 *
 * @packageDocumentation
 * @module \@recsys/cli
 */
export { run, usage } from './main.js';
export { type CliIo, processIo, UsageError } from './io.js';
