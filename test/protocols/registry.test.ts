import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/messages/errors.ts';
import { implementedProtocols, protocolFor } from '../../protocols/registry.ts';
import { baseConfig, baseDefinition, bleCandidate, fakeDevice } from './helpers.ts';

describe('protocol registry', () => {
  it('lists every protocol of this batch, each a protocol of the base config', () => {
    expect(implementedProtocols()).toEqual([
      'aneros',
      'kiiroo-v2',
      'lovense',
      'magic-motion-1',
      'magic-motion-2',
      'magic-motion-3',
      'magic-motion-4',
      'satisfyer',
      'tcode-v03',
      'vorze-sa',
      'wevibe',
      'wevibe-8bit',
      'wevibe-chorus',
    ]);
    for (const name of implementedProtocols()) {
      expect(baseConfig.protocolNames()).toContain(name);
      expect(protocolFor(name)?.name).toBe(name);
    }
  });

  it('has nothing for an unknown name', () => {
    expect(protocolFor('no-such-protocol')).toBeUndefined();
  });

  it('identifies by the advertised name unless the protocol says otherwise', async () => {
    const hardware = fakeDevice('wevibe', 'Pivot');
    await expect(protocolFor('wevibe')!.identify({ hardware, candidate: bleCandidate(hardware) })).resolves.toBe('Pivot');
    expect(hardware.log).toEqual([]);
  });

  it('reads the battery from rxblebattery when the device has it', async () => {
    const hardware = fakeDevice('magic-motion-3', 'Krush');
    const handler = await protocolFor('magic-motion-3')!.initialize({ hardware, definition: baseDefinition('magic-motion-3') });
    hardware.queueRead('rxblebattery', [73]);
    await expect(handler.readInput!(hardware, 1, 'Battery')).resolves.toBe(73);
    await expect(handler.readInput!(hardware, 1, 'Pressure')).rejects.toMatchObject({ code: ErrorCode.Device });
  });

  it('gives no battery reader to a device without rxblebattery', async () => {
    const hardware = fakeDevice('aneros', 'Massage Demo');
    const handler = await protocolFor('aneros')!.initialize({ hardware, definition: baseDefinition('aneros') });
    expect(handler.readInput).toBeUndefined();
  });
});
