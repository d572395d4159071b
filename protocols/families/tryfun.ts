/**
 * TryFun: packets end with a checksum byte, 0xFF minus the sum of every byte after the first,
 * plus a small constant (mod 256). The Black Hole and Meta 2 start each packet with a counter
 * that counts every packet the device is sent, whatever the output. Built from the reference's
 * tryfun, tryfun_blackhole and tryfun_meta2 implementations.
 */
import type { OutputType } from '../../src/devices/features.ts';
import { defineProtocol } from '../kit/define.ts';
import { createFeaturePacketHandler } from '../kit/feature-packet.ts';
import type { Protocol, ProtocolHandler } from '../kit/types.ts';
import { unsupportedOutput } from '../kit/values.ts';

/** (0xFF − Σ bytes[1..] + bias) mod 256. */
export function tryFunChecksum(bytes: readonly number[], bias: number): number {
  let sum = 0xff;
  for (const byte of bytes.slice(1)) sum -= byte;
  return (((sum + bias) % 256) + 256) % 256;
}

/** The packet with its checksum appended. */
export function withTryFunChecksum(bytes: readonly number[], bias: number): number[] {
  return [...bytes, tryFunChecksum(bytes, bias)];
}

/** For one output: the packet body after the counter byte, for a hardware value. */
export type CountedBody = (value: number) => readonly number[];

/**
 * A handler for the counter-prefixed generation: `counter, body…, checksum` on tx without
 * response; the counter wraps at 256 and the checksum bias is the packet length before it.
 */
export function createCountedHandler(protocol: string, bodies: Partial<Record<OutputType, CountedBody>>): ProtocolHandler {
  let counter = 0;
  return createFeaturePacketHandler({
    encode(command) {
      const body = bodies[command.output];
      if (!body) throw unsupportedOutput(protocol, command);
      const bytes = [counter, ...body(command.value)];
      counter = (counter + 1) % 256;
      return withTryFunChecksum(bytes, bytes.length);
    },
  });
}

/** A protocol of the counter-prefixed generation (a fresh counter per connection). */
export function countedProtocol(name: string, bodies: Partial<Record<OutputType, CountedBody>>): Protocol {
  return defineProtocol({
    name,
    async initialize() {
      return createCountedHandler(name, bodies);
    },
  });
}
