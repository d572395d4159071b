/** The Lovense protocol: identification by `DeviceType;`, a handler chosen from the definition, battery by `Battery;`. */
import { deviceError } from '../../src/errors.ts';
import { defineProtocol } from '../kit/define.ts';
import type { Protocol, ProtocolHandler } from '../kit/types.ts';
import { readLovenseBattery } from './battery.ts';
import {
  dualOutput,
  LOVENSE,
  type LovenseOutput,
  lovenseHandlerKind,
  maxOutput,
  multiActuatorOutput,
  rotateVibratorOutput,
  singleOutput,
} from './handlers.ts';
import { identifyLovense } from './identify.ts';
import { LOVENSE_DEFAULTS, type LovenseOptions } from './options.ts';
import { LovenseStroker } from './stroker.ts';

export type { LovenseOptions } from './options.ts';

export function createLovenseProtocol(overrides: Partial<LovenseOptions> = {}): Protocol {
  const options: LovenseOptions = { ...LOVENSE_DEFAULTS, ...overrides };
  return defineProtocol({
    name: LOVENSE,
    identify: ({ hardware }) => identifyLovense(hardware, options),
    async initialize({ hardware, definition }) {
      const deviceType = definition.identifier ?? '';
      const kind = lovenseHandlerKind(deviceType, definition);
      const readInput: ProtocolHandler['readInput'] = async (target, _featureIndex, input) => {
        if (input !== 'Battery') throw deviceError(`${LOVENSE}: reading ${input} is not supported`);
        return readLovenseBattery(target, options.batteryTimeoutMs);
      };
      if (kind === 'stroker') {
        const stroker = new LovenseStroker(hardware, deviceType === 'H', options.strokerTickMs);
        return {
          keepalive: stroker.keepalive,
          output: (command) => stroker.output(command),
          dispose: () => stroker.dispose(),
          readInput,
        };
      }
      const outputs: Record<Exclude<typeof kind, 'stroker'>, () => LovenseOutput> = {
        single: () => singleOutput,
        dual: () => dualOutput,
        max: () => maxOutput,
        'rotate-vibrator': () => rotateVibratorOutput,
        'multi-actuator': () => multiActuatorOutput(definition),
      };
      return { keepalive: { kind: 'none' }, output: outputs[kind](), readInput };
    },
  });
}

export const protocol = createLovenseProtocol();
