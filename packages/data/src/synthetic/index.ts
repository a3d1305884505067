export { synthetic, SYNTHETIC_BEHAVIOURS, type SyntheticData, type SyntheticOptions } from './synthetic.js';
export { AliasTable } from './alias-table.js';
