/**
 * TryFun Black Hole Plus and Rock: `counter 02 00 03 <09 vibrate | 0C oscillate> speed checksum`
 * on tx (reference: tryfun_blackhole).
 */
import { countedProtocol } from './families/tryfun.ts';
import { toByte } from './kit/values.ts';

const NAME = 'tryfun-blackhole';

const body = (motor: number) => (value: number) => [0x02, 0x00, 0x03, motor, toByte(NAME, value, 'speed')];

export const protocol = countedProtocol(NAME, { Vibrate: body(0x09), Oscillate: body(0x0c) });
