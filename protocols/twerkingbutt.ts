/**
 * Twerking Butt (BODIKANG): built from the stpihkal documentation (protocols/twerking-butt), not
 * in the reference's code. Packets are 16 bytes on tx: `A6, device id (61 = Twerking Butt),
 * command, data…` zero-padded. The documentation says a Bind packet (command 07, data 01) is sent
 * after connecting to open a session, so that is written at connect.
 *
 * The config gives the device no features, so no output is driven: the documentation names the
 * twerk packet (command 11, the speed twice) but not its speed range nor which output type it
 * is, and the stop packet (command 10, data 02). Also left open: whether tx is written with or
 * without response (without is used here) and whether Unbind is needed before disconnecting.
 */
import { defineProtocol } from './kit/define.ts';
import { sendInitWrites } from './kit/packet-table.ts';
import type { HardwareCommand } from './kit/types.ts';
import { unsupportedOutput } from './kit/values.ts';

const NAME = 'twerkingbutt';
const PACKET_LENGTH = 16;
const LOGO = 0xa6;
const TWERKING_BUTT = 0x61;
const BIND = [0x07, 0x01];

/** `A6 61 command data…`, zero-padded to 16 bytes. */
export function twerkingButtPacket(commandAndData: readonly number[]): number[] {
  const packet = [LOGO, TWERKING_BUTT, ...commandAndData];
  return [...packet, ...new Array<number>(PACKET_LENGTH - packet.length).fill(0)];
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ hardware }) {
    await sendInitWrites(hardware, [{ endpoint: 'tx', data: twerkingButtPacket(BIND), withResponse: false }]);
    return {
      keepalive: { kind: 'none' },
      output(command): HardwareCommand[] {
        throw unsupportedOutput(NAME, command);
      },
    };
  },
});
