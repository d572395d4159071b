/**
 * LiBo Elle (shock egg): the vibrator's level goes as one byte to txmode; the shock, if a
 * configuration gives it a second feature, goes to tx as `<intensity nibble><mode nibble>`:
 * steps 1–7 are intensities 0–6 in mode 1, steps from 8 are intensities from 0 in mode 4, and 0
 * is off (reference: libo_elle). A step whose intensity does not fit the nibble is refused
 * rather than wrapped into another mode as the reference's byte arithmetic would.
 */
import { deviceError } from '../src/errors.ts';
import { defineProtocol } from './kit/define.ts';
import type { HardwareCommand, HardwareOutput } from './kit/types.ts';
import { toByte, unsupportedOutput } from './kit/values.ts';

const NAME = 'libo-elle';
const SHOCK_FEATURE = 1;
const LOW_MODE = { first: 1, mode: 0x01 };
const HIGH_MODE = { first: 8, mode: 0x04 };
const MAX_SHOCK_STEP = HIGH_MODE.first + 0x0f;

export function liboElleShockByte(step: number): number {
  if (step === 0) return 0x00;
  if (step > MAX_SHOCK_STEP) throw deviceError(`${NAME}: shock step ${step} does not fit the intensity nibble`);
  const { first, mode } = step < HIGH_MODE.first ? LOW_MODE : HIGH_MODE;
  return ((step - first) << 4) | mode;
}

function output(command: HardwareOutput): HardwareCommand[] {
  if (command.output !== 'Vibrate') throw unsupportedOutput(NAME, command);
  const shock = command.featureIndex === SHOCK_FEATURE;
  const endpoint = shock ? 'tx' : 'txmode';
  const data = Uint8Array.of(shock ? liboElleShockByte(command.value) : toByte(NAME, command.value));
  return [{ kind: 'write', endpoint, data, withResponse: false, commandId: command.featureId }];
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize() {
    return { keepalive: { kind: 'none' }, output };
  },
});
