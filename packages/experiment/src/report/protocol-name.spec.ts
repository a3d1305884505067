import { describe, expect, it } from 'vitest';
import { COMPARISON_PROTOCOLS } from '../comparison-result.js';
import { isHoldoutProtocol, PROTOCOL_NAMES } from './protocol-name.js';

describe('PROTOCOL_NAMES', () => {
  it('names every protocol, and tells the holdout ones apart', () => {
    for (const protocol of COMPARISON_PROTOCOLS) expect(PROTOCOL_NAMES[protocol]).toMatch(/\w/);
    expect(COMPARISON_PROTOCOLS.filter(isHoldoutProtocol)).toEqual(['in-matrix', 'out-of-matrix']);
  });
});
