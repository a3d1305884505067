/** The version of recsys that writes model directories (kept equal to package.json by a test). */
export const RECSYS_VERSION = '0.1.0';
