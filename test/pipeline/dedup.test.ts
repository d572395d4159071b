import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HardwareOutput } from '../../protocols/kit/types.ts';
import type { OutputType } from '../../src/devices/features.ts';
import { createOutputDedup } from '../../src/pipeline/dedup.ts';

const output = (featureId: string, type: OutputType, value: number, duration?: number): HardwareOutput => ({
  featureIndex: Number(featureId.slice(1)),
  featureId,
  output: type,
  value,
  ...(duration !== undefined ? { duration } : {}),
});

describe('createOutputDedup', () => {
  it('flags an output equal to the last accepted one of its feature', () => {
    const dedup = createOutputDedup();
    expect(dedup.isRepeat(output('f0', 'Vibrate', 0))).toBe(false);
    dedup.accept(output('f0', 'Vibrate', 5));
    expect(dedup.isRepeat(output('f0', 'Vibrate', 5))).toBe(true);
    expect(dedup.isRepeat(output('f0', 'Vibrate', 6))).toBe(false);
    expect(dedup.isRepeat(output('f0', 'Oscillate', 5))).toBe(false);
    expect(dedup.isRepeat(output('f1', 'Vibrate', 5))).toBe(false);
  });

  it('compares durations', () => {
    const dedup = createOutputDedup();
    dedup.accept(output('f0', 'HwPositionWithDuration', 40, 500));
    expect(dedup.isRepeat(output('f0', 'HwPositionWithDuration', 40, 500))).toBe(true);
    expect(dedup.isRepeat(output('f0', 'HwPositionWithDuration', 40, 600))).toBe(false);
  });

  it('remembers only the last output per feature, so A, B, A is no repeat', () => {
    const dedup = createOutputDedup();
    dedup.accept(output('f0', 'Vibrate', 1));
    dedup.accept(output('f0', 'Oscillate', 1));
    expect(dedup.isRepeat(output('f0', 'Vibrate', 1))).toBe(false);
  });

  it('agrees with a last-value-per-feature model (property)', () => {
    const step = fc.record({
      feature: fc.constantFrom('f0', 'f1', 'f2'),
      type: fc.constantFrom<OutputType>('Vibrate', 'Rotate'),
      value: fc.integer({ min: -2, max: 2 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const dedup = createOutputDedup();
        const last = new Map<string, string>();
        for (const { feature, type, value } of steps) {
          const candidate = output(feature, type, value);
          expect(dedup.isRepeat(candidate)).toBe(last.get(feature) === `${type}:${value}`);
          if (!dedup.isRepeat(candidate)) {
            dedup.accept(candidate);
            last.set(feature, `${type}:${value}`);
          }
        }
      }),
    );
  });
});
