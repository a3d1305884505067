import { describe, expect, expectTypeOf, it } from 'vitest';
import { option, type OptionValues } from './option-spec.js';
import { resolveOptions } from './resolve-options.js';

const schema = {
  factors: option.int({ description: 'factors', default: 8, min: 1 }),
  rate: option.number({ description: 'a rate', min: 0, max: 1, maxExclusive: true }),
  layers: option.ints({ description: 'sizes', min: 1 }),
  fusion: option.choice({ description: 'fusion', choices: ['mlp', 'empirical'] as const, default: 'mlp' }),
  verbose: option.boolean({ description: 'say more', default: false }),
  behaviours: option.strings({ description: 'names' }),
};

describe('option specs', () => {
  it('resolve to typed values with defaults filled in', () => {
    const values = resolveOptions(schema, { rate: 0.5, layers: [4, 2] }, 'toy');
    expect(values).toEqual({ factors: 8, rate: 0.5, layers: [4, 2], fusion: 'mlp', verbose: false });
    expectTypeOf(values).toEqualTypeOf<OptionValues<typeof schema>>();
    expectTypeOf(values.factors).toEqualTypeOf<number>();
    expectTypeOf(values.rate).toEqualTypeOf<number | undefined>();
    expectTypeOf(values.fusion).toEqualTypeOf<'mlp' | 'empirical'>();
    expect(Object.isFrozen(values)).toBe(true);
  });

  it('name the owner, the option and the rule when a value is wrong', () => {
    expect(() => resolveOptions(schema, { factors: 0 }, 'toy')).toThrow(
      'toy: option "factors" must be an integer ≥ 1, got 0',
    );
    expect(() => resolveOptions(schema, { factors: 2.5 }, 'toy')).toThrow(/integer/);
    expect(() => resolveOptions(schema, { rate: 1 }, 'toy')).toThrow('option "rate" must be a number in [0, 1), got 1');
    expect(() => resolveOptions(schema, { rate: Number.NaN }, 'toy')).toThrow(/must be a number/);
    expect(() => resolveOptions(schema, { layers: [] }, 'toy')).toThrow(/non-empty list of integers ≥ 1/);
    expect(() => resolveOptions(schema, { fusion: 'sum' } as never, 'toy')).toThrow(
      'option "fusion" must be one of mlp, empirical, got "sum"',
    );
    expect(() => resolveOptions(schema, { verbose: 'yes' } as never, 'toy')).toThrow(/true or false/);
  });

  it('refuse an option the schema does not have, listing the ones it does', () => {
    expect(() => resolveOptions(schema, { dropout: 0.1 } as never, 'toy')).toThrow(
      'toy has no option "dropout" (its options: factors, rate, layers, fusion, verbose, behaviours)',
    );
    expect(() => resolveOptions({}, { dropout: 0.1 }, 'itempop')).toThrow(
      'itempop has no option "dropout" (it takes none)',
    );
  });

  it('parse command-line strings with the same checks', () => {
    expect(schema.factors.parse('16')).toBe(16);
    expect(schema.layers.parse('32,16,8')).toEqual([32, 16, 8]);
    expect(() => schema.layers.parse('32,,8')).toThrow(/non-empty list/);
    expect(() => schema.factors.parse('')).toThrow('must be an integer ≥ 1, got ""');
    expect(() => schema.rate.parse('lots')).toThrow('must be a number in [0, 1), got "lots"');
    // Plain notation only: Number() also reads these, so '--factors 0x10' used to mean 16.
    for (const text of ['0x10', '+5', ' 5', '1e1', '5.0']) expect(() => schema.factors.parse(text)).toThrow(/integer/);
    expect(() => schema.layers.parse('32,0x10')).toThrow(/list of integers/);
    expect(() => schema.rate.parse('0x0')).toThrow(/number/);
    expect(schema.rate.parse('.5')).toBe(0.5);
    expect(schema.rate.parse('5e-1')).toBe(0.5);
    expect(() => schema.factors.parse('1e400')).toThrow(/integer/);
    expect(schema.fusion.parse('empirical')).toBe('empirical');
    expect(schema.rate.placeholder).toBe('<x>');
    expect(schema.verbose.boolean).toBe(true);
    expect(schema.behaviours.parse('pv, cart,fav')).toEqual(['pv', 'cart', 'fav']);
    expect(() => schema.behaviours.parse('pv,,fav')).toThrow(
      'must be a non-empty list of distinct names, got "pv,,fav"',
    );
    expect(() => schema.behaviours.parse('pv,pv')).toThrow(/distinct names/);
  });

  it('refuse a default that breaks their own rule (a declaration bug)', () => {
    expect(() => option.int({ description: 'bad', default: 0, min: 1 })).toThrow(/≥ 1/);
  });
});
