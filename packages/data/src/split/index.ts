export {
  leaveOneOut,
  type LeaveOneOutOptions,
  type LeaveOneOutReport,
  type LeaveOneOutSplit,
} from './leave-one-out.js';
export {
  targetLeaveOneOut,
  type TargetLeaveOneOutOptions,
  type TargetLeaveOneOutReport,
  type TargetLeaveOneOutSplit,
} from './target-leave-one-out.js';
export {
  supportiveTestOverlap,
  type SupportiveTestOverlap,
  type SupportiveTestOverlapOptions,
  type SupportiveOverlapOfBehaviour,
} from './supportive-test-overlap.js';
export { holdout, type HoldoutOptions, type HoldoutSplit } from './holdout.js';
export { coldStartItems, type ColdStartItemsOptions, type ColdStartItemsSplit } from './cold-start-items.js';
export { dualNetSplit, type DualNetSplitOptions, type DualNetSplit, type DualNetSplitReport } from './dualnet-split.js';
export { sampleTestNegatives, type SampleTestNegativesOptions } from './sample-test-negatives.js';
export {
  checkTestNegatives,
  type NegativesCheck,
  type NegativesDefect,
  type NegativesDefectExample,
} from './check-test-negatives.js';
export { assertNegativesMatch, matchTestNegatives, type NegativesMatch } from './match-test-negatives.js';
