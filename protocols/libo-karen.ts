/**
 * LiBo Karen (kegel egg, "SuoYinQiu"): built from the stpihkal documentation
 * (protocols/libo/libo-vibes.md), not in the reference's code. The Karen has no motor; the
 * documentation lists it under the LiBo vibration protocol, whose tx/txmode packets are used here
 * should a user configuration give it a vibration feature (the bundled config gives it none).
 *
 * Left open by the documentation, so not implemented: the pressure notifications on rxpressure
 * (0x6051) are four bytes whose meaning is unknown, and the Karen's battery characteristic
 * (0x6071) is not among the config's endpoints. The config declares no inputs either.
 */
import { liboVibrationOutput } from './families/libo.ts';
import { defineProtocol } from './kit/define.ts';

const NAME = 'libo-karen';

export const protocol = defineProtocol({
  name: NAME,
  async initialize() {
    return { keepalive: { kind: 'none' }, output: (command) => liboVibrationOutput(NAME, command) };
  },
});
