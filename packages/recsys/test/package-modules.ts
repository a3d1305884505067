// What a documentation page's code may import, for the specs that run it: the packages the pages tell users to
// install, as the sources (the specs run before any build).
import * as data from '@recsys/data';
import * as evaluation from '@recsys/eval';
import * as experiment from '@recsys/experiment';
import * as layers from '@recsys/layers';
import * as models from '@recsys/models';
import * as train from '@recsys/train';
import * as recsys from '../src/index.js';

/** Each package's module, by the specifier a page imports it with. */
export const PACKAGE_MODULES: Record<string, Record<string, unknown>> = {
  recsys,
  '@recsys/data': data,
  '@recsys/eval': evaluation,
  '@recsys/experiment': experiment,
  '@recsys/layers': layers,
  '@recsys/models': models,
  '@recsys/train': train,
};
