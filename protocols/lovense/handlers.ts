/**
 * Lovense output handlers. The toy's model (and so its definition) decides which text commands
 * it understands: one motor (`Vibrate:n;`), numbered motors (`Vibrate1:n;`), Max's air pump,
 * Nora's rotation, or the all-motors `Mply:a:b:c;` of the Flexer/Lapis generation.
 */
import type { DeviceDefinition, FeatureDefinition, OutputType } from '../../src/devices/features.ts';
import { deviceError } from '../../src/errors.ts';
import type { HardwareCommand, HardwareOutput } from '../kit/types.ts';
import { ascii, unsupportedOutput } from '../kit/values.ts';

export const LOVENSE = 'lovense';

export type LovenseHandlerKind = 'stroker' | 'single' | 'max' | 'rotate-vibrator' | 'multi-actuator' | 'dual';

/** Lovense types whose definition is a stroker (Solace Pro, Solace). */
const STROKER_TYPES = new Set(['BA', 'H']);

function countFeatures(definition: DeviceDefinition, test: (feature: FeatureDefinition) => boolean): number {
  return definition.features.filter(test).length;
}

const has = (...outputs: OutputType[]) => (feature: FeatureDefinition) =>
  outputs.some((output) => feature.outputs[output] !== undefined);

const hasAnyOutput = (feature: FeatureDefinition) => Object.keys(feature.outputs).length > 0;

/** Which command dialect a definition needs (the reference's selection order). */
export function lovenseHandlerKind(deviceType: string, definition: DeviceDefinition): LovenseHandlerKind {
  const outputCount = countFeatures(definition, hasAnyOutput);
  const vibratorCount = countFeatures(definition, has('Vibrate', 'Oscillate'));
  const vibrateOnly = countFeatures(definition, has('Vibrate'));
  const pairedWith = (output: OutputType) =>
    outputCount === 2 && vibrateOnly === 1 && countFeatures(definition, has(output)) === 1;

  if (STROKER_TYPES.has(deviceType)) return 'stroker';
  if (outputCount === 1) return 'single';
  if (pairedWith('Constrict')) return 'max';
  if (pairedWith('Rotate')) return 'rotate-vibrator';
  if ((vibratorCount === 2 && outputCount > 2) || vibratorCount > 2) return 'multi-actuator';
  return 'dual';
}

export function lovenseWrite(text: string, commandId: string): HardwareCommand {
  return { kind: 'write', endpoint: 'tx', data: ascii(text), withResponse: false, commandId };
}

export type LovenseOutput = (command: HardwareOutput) => HardwareCommand[];

const isMotor = (command: HardwareOutput) => command.output === 'Vibrate' || command.output === 'Oscillate';

/** One motor: `Vibrate:n;` for vibrate or oscillate. */
export const singleOutput: LovenseOutput = (command) => {
  if (!isMotor(command)) throw unsupportedOutput(LOVENSE, command);
  return [lovenseWrite(`Vibrate:${command.value};`, command.featureId)];
};

/** Numbered motors: `Vibrate<index+1>:n;`, each coalesced on its own. */
export const dualOutput: LovenseOutput = (command) => {
  if (!isMotor(command)) throw unsupportedOutput(LOVENSE, command);
  return [lovenseWrite(`Vibrate${command.featureIndex + 1}:${command.value};`, command.featureId)];
};

/** Max: a motor and an air pump (`Air:Level:n;`). */
export const maxOutput: LovenseOutput = (command) => {
  if (command.output === 'Constrict') return [lovenseWrite(`Air:Level:${command.value};`, command.featureId)];
  return singleOutput(command);
};

/** The rotation commands share constant ids so a newer one replaces a queued one. */
const ROTATE_ID = 'lovense:rotate';
const ROTATE_DIRECTION_ID = 'lovense:rotate-direction';

/**
 * Nora/Ridge: a motor plus rotation. A negative speed sends `RotateChange;` first, as the reference
 * does on every negative command (it does not track the current direction).
 */
export const rotateVibratorOutput: LovenseOutput = (command) => {
  if (command.output === 'Vibrate') return [lovenseWrite(`Vibrate:${command.value};`, command.featureId)];
  if (command.output !== 'Rotate') throw unsupportedOutput(LOVENSE, command);
  const commands: HardwareCommand[] = [];
  if (command.value < 0) commands.push(lovenseWrite('RotateChange;', ROTATE_DIRECTION_ID));
  commands.push(lovenseWrite(`Rotate:${Math.abs(command.value)};`, ROTATE_ID));
  return commands;
};

/** `Mply:` carries every output's current level, in feature order; rotation as its magnitude. */
export function multiActuatorOutput(definition: DeviceDefinition): LovenseOutput {
  const slotOf = new Map<number, number>();
  for (const feature of definition.features) {
    if (hasAnyOutput(feature)) slotOf.set(feature.index, slotOf.size);
  }
  const levels = new Array<number>(slotOf.size).fill(0);
  return (command) => {
    if (!isMotor(command) && command.output !== 'Rotate') throw unsupportedOutput(LOVENSE, command);
    const slot = slotOf.get(command.featureIndex);
    if (slot === undefined) throw deviceError(`${LOVENSE}: feature ${command.featureIndex} has no output`);
    levels[slot] = Math.abs(command.value);
    return [lovenseWrite(`Mply:${levels.join(':')};`, 'lovense:mply')];
  };
}
