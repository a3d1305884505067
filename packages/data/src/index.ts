/**
 * Everything before a model trains: interaction logs as typed arrays ({@link Interactions}, with CSR by user and CSC
 * by item) and the maps back to raw ids; strict streaming loaders for MovieLens, NCF, Taobao, CiteULike, any
 * delimited file, Parquet files and DuckDB queries ({@link loadInteractions}), each with a report of what it merged or
 * skipped; item features matched by raw id; splits (leave-one-out by time, {@link leaveOneOut}, and DualNet's);
 * sampled test negatives and their checks; multi-behaviour views; and a seeded {@link synthetic} generator for demos
 * and tests.
 *
 * @packageDocumentation
 * @module \@recsys/data
 */
// Everything but the file loaders is also the browser build (browser.ts): one list, so the two cannot drift apart.
export * from './browser.js';
export * from './loaders/index.js';
