import { describe, expect, it } from 'vitest';
import { adrienLasticCommand } from '../../protocols/adrienlastic.ts';

describe('adrienlastic command', () => {
  it('pads the speed to two digits', () => {
    expect(adrienLasticCommand(0)).toBe('MotorValue:00;');
    expect(adrienLasticCommand(7)).toBe('MotorValue:07;');
    expect(adrienLasticCommand(16)).toBe('MotorValue:16;');
  });
});
