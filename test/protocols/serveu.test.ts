import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { protocol as serveU, serveUSpeed } from '../../protocols/serveu.ts';
import { baseDefinition, outputFor, simulatedHardware, written } from './helpers.ts';

describe('serveu speed table', () => {
  it('maps units per second through the table, at its edges', () => {
    expect(serveUSpeed(50, 1000)).toBe(25);
    expect(serveUSpeed(51, 1000)).toBe(26);
    expect(serveUSpeed(75, 100)).toBe(200);
    expect(serveUSpeed(76, 100)).toBe(201);
    expect(serveUSpeed(100, 50)).toBe(250);
    expect(serveUSpeed(100, 49)).toBe(0xfa);
    expect(serveUSpeed(1, 100_000)).toBe(1);
  });

  it('is 0 for no move, even in 0 ms, and full speed for a move in 0 ms', () => {
    expect(serveUSpeed(0, 500)).toBe(0);
    expect(serveUSpeed(0, 0)).toBe(0);
    expect(serveUSpeed(1, 0)).toBe(0xfa);
  });

  it('stays within 1–250 for any move and grows with the speed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100_000 }), (distance, duration) => {
        const speed = serveUSpeed(distance, duration);
        expect(speed).toBeGreaterThanOrEqual(1);
        expect(speed).toBeLessThanOrEqual(0xfa);
        expect(serveUSpeed(distance, duration + 1)).toBeLessThanOrEqual(speed);
      }),
    );
  });
});

describe('serveu packets', () => {
  it('measures each move from the previous position', async () => {
    const definition = baseDefinition('serveu');
    const handler = await serveU.initialize({ hardware: await simulatedHardware('serveu', 'ServeU'), definition });
    expect(written(handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 30, 1000)))).toEqual([[1, 30, 15]]);
    expect(written(handler.output(outputFor(definition, 0, 'HwPositionWithDuration', 0, 1000)))).toEqual([[1, 0, 15]]);
  });
});
