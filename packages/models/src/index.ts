/**
 * The recommenders: the papers' neural models (NCF's GMF, MLP and NeuMF, DMF, DELF, DualNet, the multi-feedback
 * model) and the classic baselines they should be compared with (ItemPop, ItemKNN, RP3beta, EASE, iALS, MF, BPR-MF, a
 * content profile, random), all behind one {@link Recommender} interface: fit, score, recommend, save, and
 * {@link loadRecommender} to read a saved model back.
 *
 * A neural model is a {@link NeuralRecommender}: a static {@link NeuralModelSpec} (name, options, losses), its blocks
 * (`define`) and its forward pass; fit, score, recommend, save, load, evaluation and the `recsys` command come with
 * it once registered ({@link registerRecommender} with {@link neuralModelEntry}).
 *
 * @packageDocumentation
 * @module \@recsys/models
 */
export * from './browser.js';
// Node only: model directories on disk, and exporting a model for the browser.
export { loadRecommender } from './registry.js';
export { MANIFEST_FILE, readModelDir, writeModelDir } from './io/model-dir.js';
export { checkSaveTarget } from './io/save-target.js';
export { exportForBrowser, type ExportOptions, type ExportResult } from './export/export-for-browser.js';
