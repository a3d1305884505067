// The browser build of recsys (its "browser" export condition): the scoped packages that run in a browser, each in
// its own browser build (@recsys/data without its file loaders, @recsys/models without model directories on disk);
// not @recsys/experiment, whose comparisons read and write files.
export * from '@recsys/data';
export * from '@recsys/eval';
export * from '@recsys/layers';
export * from '@recsys/train';
export * from '@recsys/models';
