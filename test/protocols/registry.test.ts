import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALL_PROTOCOLS } from '../../protocols/all.ts';
import { protocolModules, renderProtocolList } from '../../protocols/kit/protocol-list.ts';
import { implementedProtocols, NOT_IMPLEMENTED, protocolFor } from '../../protocols/registry.ts';
import { ErrorCode } from '../../src/errors.ts';
import { baseConfig, baseDefinition, commandsTo, simulatedDevice } from './helpers.ts';

const PROTOCOLS_DIR = fileURLToPath(new URL('../../protocols/', import.meta.url));

describe('protocol registry', () => {
  it('lists exactly the protocol files (npm run protocols:list writes it)', () => {
    const written = readFileSync(join(PROTOCOLS_DIR, 'all.ts'), 'utf8');
    expect(written).toBe(renderProtocolList(protocolModules(PROTOCOLS_DIR)));
  });

  it('names each protocol after its file', () => {
    expect(ALL_PROTOCOLS.map((protocol) => protocol.name)).toEqual(protocolModules(PROTOCOLS_DIR).map((module) => module.name));
  });

  it('covers every protocol of the bundled config: implemented, or not implemented with a reason', () => {
    const configNames = baseConfig.protocolNames();
    const implemented = implementedProtocols();
    const skipped = Object.keys(NOT_IMPLEMENTED);
    expect(implemented.filter((name) => skipped.includes(name))).toEqual([]);
    expect([...implemented, ...skipped].sort()).toEqual([...configNames].sort());
    for (const reason of Object.values(NOT_IMPLEMENTED)) expect(reason.length).toBeGreaterThan(10);
    for (const name of implemented) expect(protocolFor(name)?.name).toBe(name);
  });

  it('the README states the measured count and every protocol left out', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const total = baseConfig.protocolNames().length;
    expect(readme).toContain(`implements **${implementedProtocols().length} of the ${total} protocols**`);
    for (const name of Object.keys(NOT_IMPLEMENTED)) expect(readme).toContain(`- \`${name}\`: `);
  });

  it('has nothing for an unknown name', () => {
    expect(protocolFor('no-such-protocol')).toBeUndefined();
  });

  it('identifies by the advertised name unless the protocol says otherwise', async () => {
    const { device, hardware, candidate } = await simulatedDevice('wevibe', 'Pivot');
    await expect(protocolFor('wevibe')!.identify({ hardware, candidate })).resolves.toBe('Pivot');
    expect(commandsTo(device)).toEqual([]);
  });

  it('reads the battery from rxblebattery when the device has it', async () => {
    const { device, hardware } = await simulatedDevice('magic-motion-3', 'Krush');
    const handler = await protocolFor('magic-motion-3')!.initialize({ hardware, definition: baseDefinition('magic-motion-3') });
    device.queueRead('rxblebattery', [73]);
    await expect(handler.readInput!(hardware, 1, 'Battery')).resolves.toBe(73);
    await expect(handler.readInput!(hardware, 1, 'Pressure')).rejects.toMatchObject({ code: ErrorCode.Device });
  });

  it('gives no battery reader to a device without rxblebattery', async () => {
    const { hardware } = await simulatedDevice('aneros', 'Massage Demo');
    const handler = await protocolFor('aneros')!.initialize({ hardware, definition: baseDefinition('aneros') });
    expect(handler.readInput).toBeUndefined();
  });
});
