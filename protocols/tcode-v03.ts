/**
 * TCode v0.3 over serial: ASCII axis commands on tx, one per feature command. Formats from the
 * reference tcode_v03 implementation (numbers zero-padded, never truncated).
 */
import { defineProtocol } from './kit/define.ts';
import type { HardwareCommand, HardwareOutput } from './kit/types.ts';
import { ascii, unsupportedOutput } from './kit/values.ts';

const NAME = 'tcode-v03';

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

export function tcodeCommand(command: HardwareOutput): string {
  switch (command.output) {
    case 'Position':
      // Linear and rotation axis 0 move together.
      return `L0${pad(command.value, 3)}\nR0${pad(command.value, 3)}\n`;
    case 'HwPositionWithDuration':
      return `L${command.featureIndex}${pad(command.value, 2)}I${command.duration ?? 0}\n`;
    case 'Vibrate':
      return `V${command.featureIndex}${pad(command.value, 2)}\n`;
    default:
      throw unsupportedOutput(NAME, command);
  }
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize() {
    return {
      keepalive: { kind: 'none' },
      output(command): HardwareCommand[] {
        return [{ kind: 'write', endpoint: 'tx', data: ascii(tcodeCommand(command)), withResponse: false, commandId: command.featureId }];
      },
    };
  },
});
