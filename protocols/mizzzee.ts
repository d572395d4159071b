/** Mizz Zee (first generation): magic, `03 01`, an on/off byte, then the speed (reference: mizzzee). */
import { MIZZZEE_MAGIC } from './families/mizzzee.ts';
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'mizzzee';

export const protocol = featurePacketProtocol(NAME, {
  encode(command) {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    const speed = toByte(NAME, command.value);
    return [...MIZZZEE_MAGIC, 0x03, 0x01, speed === 0 ? 0x00 : 0x01, speed];
  },
});
