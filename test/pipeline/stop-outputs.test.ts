import { describe, expect, it } from 'vitest';
import type { FeatureDefinition, OutputSpec, OutputType } from '../../src/devices/features.ts';
import { stopOutput } from '../../src/pipeline/stop-outputs.ts';

const feature = (outputs: Partial<Record<OutputType, OutputSpec>>): FeatureDefinition => ({
  index: 4,
  id: 'feature-4',
  description: '',
  outputs,
  inputs: {},
});
const range: OutputSpec = { value: [0, 10] };

describe('stopOutput', () => {
  it('takes the first non-position output in the reference order, with value 0', () => {
    expect(stopOutput(feature({ Spray: range, Oscillate: range, Rotate: { value: [-10, 10] } }))).toEqual({
      featureIndex: 4,
      featureId: 'feature-4',
      output: 'Rotate',
      value: 0,
    });
    expect(stopOutput(feature({ Led: range, Constrict: range }))?.output).toBe('Constrict');
    expect(stopOutput(feature({ Position: range, Spray: range }))?.output).toBe('Spray');
    expect(stopOutput(feature({ Temperature: { value: [-5, 5] }, Led: range }))?.output).toBe('Temperature');
  });

  it('gives features with only position outputs (or none) no stop', () => {
    expect(stopOutput(feature({ Position: range, HwPositionWithDuration: range }))).toBeUndefined();
    expect(stopOutput(feature({}))).toBeUndefined();
  });

  it('skips disabled outputs', () => {
    expect(stopOutput(feature({ Vibrate: { ...range, disabled: true }, Oscillate: range }))?.output).toBe('Oscillate');
  });
});
