/**
 * Xuanhuan masturbator: `[03 02 00 speed]` with response on tx. The toy stops unless it hears
 * its speed again, so while the speed is not 0 it is re-sent every 300 ms (reference: xuanhuan,
 * whose loop re-sends every 300 ms from connect; here the 300 ms count from the last packet, so
 * a client that already sends often causes no extra traffic).
 */
import type { Hardware } from '../src/hardware/types.ts';
import { defineProtocol } from './kit/define.ts';
import { IdleResender } from './kit/idle-resend.ts';
import type { HardwareCommand, ProtocolHandler } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'xuanhuan';
export const XUANHUAN_REPEAT_MS = 300;

export function xuanhuanPacket(speed: number): Uint8Array {
  return Uint8Array.of(0x03, 0x02, 0x00, toByte(NAME, speed));
}

export function createXuanhuanHandler(hardware: Hardware, repeatMs = XUANHUAN_REPEAT_MS): ProtocolHandler {
  let speed = 0;
  const resender = new IdleResender(hardware, repeatMs, () =>
    speed === 0 ? undefined : { endpoint: 'tx', data: xuanhuanPacket(speed), withResponse: true },
  );
  return {
    keepalive: { kind: 'none' },
    output(command): HardwareCommand[] {
      if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
      const data = xuanhuanPacket(command.value);
      speed = command.value;
      resender.restart();
      return [{ kind: 'write', endpoint: 'tx', data, withResponse: true, commandId: command.featureId }];
    },
    dispose: () => resender.dispose(),
  };
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ hardware }) {
    return createXuanhuanHandler(hardware);
  },
});
