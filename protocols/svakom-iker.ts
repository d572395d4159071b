/**
 * Svakom Iker: a vibrator (0x03 packet) and a pulsator (0x07 packet). Setting the vibrator to 0
 * also stops the pulsator, so the pulsator packet is re-sent after every vibrator packet while it
 * runs; both off is one 0x07 packet of zeros (reference: svakom_iker; the stpihkal Iker page
 * explains the re-send).
 */
import { MotorSpeeds, SVAKOM_PREFIX, svakomProtocol, type SvakomPacket } from './families/svakom.ts';
import { unsupportedOutput } from './kit/values.ts';

const VIBRATOR = 0;
const PULSATOR = 1;

export const protocol = svakomProtocol('svakom-iker', ({ protocol: name }) => {
  const speeds = new MotorSpeeds(name, 2);
  const vibratorPacket = (speed: number): SvakomPacket => ({
    bytes: [SVAKOM_PREFIX, 0x03, 0x03, 0x00, 0x01, speed],
    commandId: `${name}:vibrator`,
  });
  const pulsatorPacket = (speed: number): SvakomPacket => ({
    bytes: [SVAKOM_PREFIX, 0x07, 0x00, 0x00, speed, 0x00],
    commandId: `${name}:pulsator`,
  });
  return (command) => {
    if (command.output !== 'Vibrate') throw unsupportedOutput(name, command);
    speeds.set(command);
    const vibrator = speeds.get(VIBRATOR);
    const pulsator = speeds.get(PULSATOR);
    if (vibrator === 0 && pulsator === 0) return [pulsatorPacket(0)];
    // The reference never stops the pulsator alone while the vibrator runs, leaving it running;
    // an explicit pulsator 0 is sent first so a following vibrator packet cannot undo it.
    const pulsatorStopped = command.featureIndex === PULSATOR && pulsator === 0;
    return [
      ...(pulsatorStopped ? [pulsatorPacket(0)] : []),
      vibratorPacket(vibrator),
      ...(pulsator > 0 ? [pulsatorPacket(pulsator)] : []),
    ];
  };
});
