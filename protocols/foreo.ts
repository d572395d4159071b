/**
 * Foreo: [01, mode, speed] on tx, written with response. The mode byte depends on the model,
 * which only the advertised name tells: 3 for the LUNA play smart 2, 1 for the fofo and the UFO
 * line, 0 for the rest (reference: foreo).
 */
import { defineProtocol } from './kit/define.ts';
import { createFeaturePacketHandler } from './kit/feature-packet.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'foreo';

/** The mode byte for an advertised name (case-insensitive, as the reference matches). */
export function foreoMode(hardwareName: string): number {
  const name = hardwareName.toLowerCase();
  if (name.includes('smart') && name.includes('2')) return 3;
  if (name.includes('fofo') || name.includes('ufo')) return 1;
  return 0;
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize({ hardware }) {
    const mode = foreoMode(hardware.name);
    return createFeaturePacketHandler({
      withResponse: true,
      encode: (command) => {
        if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
        return [0x01, mode, toByte(NAME, command.value)];
      },
    });
  },
});
