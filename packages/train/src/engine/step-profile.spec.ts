import { describe, expect, it } from 'vitest';
import { STEP_PHASES, StepProfile } from './step-profile.js';

describe('StepProfile', () => {
  it('adds time per phase, from add and from time', () => {
    const profile = new StepProfile();
    profile.add('forward', 1500);
    profile.add('forward', 500);
    expect(profile.time('optimizer', () => 7)).toBe(7);
    const seconds = profile.seconds();
    expect(seconds.forward).toBe(2);
    expect(seconds.optimizer).toBeGreaterThanOrEqual(0);
    expect(seconds.backward).toBe(0);
  });

  it('counts the time of a phase that throws', () => {
    const profile = new StepProfile();
    expect(() =>
      profile.time('backward', () => {
        const until = performance.now() + 2;
        while (performance.now() < until);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(profile.seconds().backward).toBeGreaterThan(0.001);
  });

  it('formats one row per phase with its share and time per step', () => {
    const profile = new StepProfile();
    profile.add('forward', 3000);
    profile.add('backward', 1000);
    profile.steps = 100;
    profile.samples = 25_600;
    const lines = profile.format().split('\n');
    expect(lines[0]).toBe('100 steps, 25,600 samples in 4.00 s, 6,400 samples/s (all phases)');
    expect(lines).toHaveLength(3 + STEP_PHASES.length);
    expect(lines.find((line) => line.startsWith('forward'))).toMatch(
      /^forward\s+3\.00\s+75\.0%\s+30\.000\s+the forward/,
    );
    expect(lines.find((line) => line.startsWith('batches'))).toMatch(/^batches\s+0\.00\s+0\.0%\s+0\.000/);
  });

  it('formats an empty profile without dividing by zero', () => {
    expect(new StepProfile().format()).toMatch(/^0 steps, 0 samples in 0\.00 s\n/);
  });
});
