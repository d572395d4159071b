import { afterEach, describe, expect, it, vi } from 'vitest';
import { createXuanhuanHandler, protocol as xuanhuanProtocol, XUANHUAN_REPEAT_MS } from '../../protocols/xuanhuan.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, written } from './helpers.ts';

const SPEED_5 = { kind: 'write', endpoint: 'tx', data: [0x03, 0x02, 0x00, 0x05], withResponse: true };

describe('xuanhuan repeat', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('re-sends a running speed every 300 ms after the last packet, and nothing once stopped', async () => {
    vi.useFakeTimers();
    const { device, hardware } = await simulatedDevice('xuanhuan', 'QUXIN');
    const definition = baseDefinition('xuanhuan', 'QUXIN');
    const handler = createXuanhuanHandler(hardware);
    expect(written(handler.output(outputFor(definition, 0, 'Vibrate', 5)))).toEqual([[0x03, 0x02, 0x00, 0x05]]);
    await vi.advanceTimersByTimeAsync(XUANHUAN_REPEAT_MS - 1);
    expect(commandsTo(device)).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(commandsTo(device)).toEqual([SPEED_5]);
    await vi.advanceTimersByTimeAsync(XUANHUAN_REPEAT_MS * 2);
    expect(commandsTo(device)).toEqual([SPEED_5, SPEED_5, SPEED_5]);
    handler.output(outputFor(definition, 0, 'Vibrate', 0));
    await vi.advanceTimersByTimeAsync(XUANHUAN_REPEAT_MS * 5);
    expect(commandsTo(device)).toHaveLength(3);
    handler.dispose?.();
  });

  it('ends on dispose, and once a resend fails because the device is gone', async () => {
    vi.useFakeTimers();
    const definition = baseDefinition('xuanhuan', 'QUXIN');
    const disposed = await simulatedDevice('xuanhuan', 'QUXIN');
    const gone = await simulatedDevice('xuanhuan', 'QUXIN');
    const first = await xuanhuanProtocol.initialize({ hardware: disposed.hardware, definition });
    const second = await xuanhuanProtocol.initialize({ hardware: gone.hardware, definition });
    first.output(outputFor(definition, 0, 'Vibrate', 5));
    second.output(outputFor(definition, 0, 'Vibrate', 5));
    first.dispose?.();
    gone.device.disconnect();
    await vi.advanceTimersByTimeAsync(XUANHUAN_REPEAT_MS * 5);
    expect(commandsTo(disposed.device)).toEqual([]);
    expect(commandsTo(gone.device)).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});
