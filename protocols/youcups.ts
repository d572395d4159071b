/** Youcups: the speed as ASCII text, `$SYS,<speed>?`, on tx without response (reference: youcups). */
import { featurePacketProtocol } from './kit/feature-packet.ts';
import { ascii, toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'youcups';

export const protocol = featurePacketProtocol(NAME, {
  encode: (command) => {
    if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
    return [...ascii(`$SYS,${toByte(NAME, command.value)}?`)];
  },
});
