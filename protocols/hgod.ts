/**
 * Hgod: `[0x55, 0x04, 0, 0, 0, speed]` on tx. A vibration lasts only about 100 ms, so the packet
 * is repeated every 100 ms while the speed is above 0; at 0 nothing is sent and the toy runs
 * down by itself (reference: hgod, whose update loop writes only non-zero speeds).
 */
import { defineProtocol } from './kit/define.ts';
import { IdleResender } from './kit/idle-resend.ts';
import type { HardwareCommand } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'hgod';
/** How often the reference's update loop writes. */
export const HGOD_REPEAT_MS = 100;

export function hgodPacket(speed: number): Uint8Array {
  return Uint8Array.of(0x55, 0x04, 0x00, 0x00, 0x00, speed);
}

export function createHgodProtocol(repeatMs = HGOD_REPEAT_MS) {
  return defineProtocol({
    name: NAME,
    async initialize({ hardware }) {
      let speed = 0;
      const resender = new IdleResender(hardware, repeatMs, () =>
        speed > 0 ? { endpoint: 'tx', data: hgodPacket(speed), withResponse: false } : undefined,
      );
      return {
        keepalive: { kind: 'none' },
        dispose: () => resender.dispose(),
        output(command): HardwareCommand[] {
          if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
          speed = toByte(NAME, command.value);
          if (speed === 0) {
            resender.pause();
            return [];
          }
          resender.restart();
          return [{ kind: 'write', endpoint: 'tx', data: hgodPacket(speed), withResponse: false, commandId: command.featureId }];
        },
      };
    },
  });
}

export const protocol = createHgodProtocol();
