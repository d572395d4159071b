import { describe, expect, it } from 'vitest';
import { loadDeviceConfig } from '../../src/config/load.ts';
import { canonicalUuid } from '../../src/hardware/ble-uuid.ts';
import type { DiscoverySpecifier, ManufacturerData } from '../../src/hardware/types.ts';
import { bundledBasePath, fixtureConfigPath, readJson } from './fixtures.ts';

const base = loadDeviceConfig();

const btle = (name: string, manufacturerData: ManufacturerData[] = [], advertisedServices: string[] = []): DiscoverySpecifier => ({
  kind: 'btle',
  name,
  manufacturerData,
  advertisedServices,
});

const protocols = (found: DiscoverySpecifier, config = base) => config.protocolsFor(found).map((c) => c.protocol);

describe('BLE matching against the bundled config', () => {
  it.each<[string, DiscoverySpecifier, string[]]>([
    ['a wildcard name, same case', btle('LVS-Z36'), ['lovense']],
    ['a wildcard name, other case', btle('lvs-z36'), ['lovense']],
    ['the other wildcard of the same protocol', btle('Love-Something'), ['lovense']],
    ['a wildcard on the discovered side', btle('LV*'), ['lovense']],
    ['an exact name in another case', btle('iker'), ['svakom-iker']],
    ['an unknown name', btle('Definitely Not A Toy'), []],
    ['manufacturer data equal to the config', btle('', [{ company: 93, data: [0, 0, 39] }]), ['satisfyer']],
    ['config manufacturer data inside longer advertised data', btle('', [{ company: 93, data: [7, 0, 0, 40, 1] }]), ['satisfyer']],
    ['manufacturer data without bytes', btle('', [{ company: 93 }]), ['satisfyer']],
    ['a company whose config has no data', btle('', [{ company: 26698, data: [1, 2, 3] }]), ['fluffer']],
    ['other bytes of the same company', btle('', [{ company: 93, data: [0, 0, 41] }]), []],
    ['the right bytes from another company', btle('', [{ company: 94, data: [0, 0, 39] }]), []],
    ['an advertised service', btle('Nameless', [], ['6e400001-b5a3-f393-e0a9-e50e24dcca9e']), ['lovense']],
    ['an advertised service in upper case', btle('Nameless', [], ['6E400001-B5A3-F393-E0A9-E50E24DCCA9E']), ['lovense']],
    ['a 16-bit advertised service', btle('Nameless', [], ['1320']), ['adrienlastic']],
  ])('%s', (_, found, expected) => {
    expect(protocols(found)).toEqual(expected);
  });

  it('returns the specifier that matched, with its services map', () => {
    const [candidate] = base.protocolsFor(btle('lvs-z36'));
    expect(candidate.specifier.kind).toBe('btle');
    if (candidate.specifier.kind !== 'btle') return;
    expect(candidate.specifier.names).toEqual(['LVS-*', 'LOVE-*']);
    expect(candidate.specifier.services['0000fff0-0000-1000-8000-00805f9b34fb']).toEqual({
      rx: '0000fff1-0000-1000-8000-00805f9b34fb',
      tx: '0000fff2-0000-1000-8000-00805f9b34fb',
    });
  });

  it('every BLE name in the config matches its own protocol', () => {
    const json = readJson(bundledBasePath);
    for (const [protocol, definition] of Object.entries<{ communication: { btle?: { names: string[] } }[] }>(json.protocols)) {
      for (const name of definition.communication.flatMap((s) => s.btle?.names ?? [])) {
        const advertised = name.endsWith('*') ? `${name.slice(0, -1)}Model9` : name;
        expect(protocols(btle(advertised.toUpperCase())), advertised).toContain(protocol);
      }
    }
  });
});

describe('other buses', () => {
  it.each<[string, DiscoverySpecifier, string[]]>([
    ['a serial port, in file order', { kind: 'serial', port: 'default' }, ['kizuna', 'nextlevelracing', 'nobra', 'tcode-v03']],
    ['an unknown serial port', { kind: 'serial', port: 'COM3' }, []],
    ['a HID pair (not the first of its list)', { kind: 'hid', vendorId: 1406, productId: 8198 }, ['nintendo-joycon']],
    ['a HID pair from another protocol', { kind: 'hid', vendorId: 8020, productId: 1 }, ['realtouch']],
    ['a USB-only pair seen on HID', { kind: 'hid', vendorId: 2889, productId: 1615 }, []],
    ['half a HID pair', { kind: 'hid', vendorId: 1406, productId: 1 }, []],
    ['a websocket name (no base protocol has one)', { kind: 'websocket', name: 'lovense' }, []],
  ])('%s', (_, found, expected) => {
    expect(protocols(found)).toEqual(expected);
  });
});

describe('user specifiers', () => {
  const userConfig = (communication: Record<string, unknown[]>) =>
    loadDeviceConfig({
      userJson: JSON.stringify({
        version: { major: 4, minor: 0 },
        user_configs: { protocols: Object.fromEntries(Object.entries(communication).map(([name, c]) => [name, { communication: c }])) },
      }),
    });

  it('a websocket name matches exactly', () => {
    const config = userConfig({ lovense: [{ websocket: { name: 'MyToy' } }] });
    expect(protocols({ kind: 'websocket', name: 'MyToy' }, config)).toEqual(['lovense']);
    expect(protocols({ kind: 'websocket', name: 'mytoy' }, config)).toEqual([]);
  });

  it('a serial port named by the user comes before the base ones', () => {
    const serial = { port: 'default', baud_rate: 9600, data_bits: 8, stop_bits: 1, parity: 'N' };
    const config = userConfig({ nobra: [{ serial }] });
    const candidates = config.protocolsFor({ kind: 'serial', port: 'default' });
    expect(candidates.map((c) => c.protocol)).toEqual(['nobra', 'kizuna', 'nextlevelracing', 'nobra', 'tcode-v03']);
    expect(candidates[0].specifier).toMatchObject({ kind: 'serial', baudRate: 9600 });
    expect(candidates[3].specifier).toMatchObject({ kind: 'serial', baudRate: 19200 });
  });

  it('user BLE specifiers are tried first', () => {
    const config = loadDeviceConfig({ userFile: fixtureConfigPath('tcode_linear_and_vibrate_user_config.json') });
    const candidates = config.protocolsFor(btle('TCODE-V03-LINEAR-VIBRATE'));
    expect(candidates.map((c) => c.protocol)).toEqual(['tcode-v03']);
    expect(candidates[0].specifier).toMatchObject({ kind: 'btle', names: ['tcode-v03-linear-vibrate'] });
    const both = userConfig({ lovense: [{ btle: { names: ['Custom-*'], services: { '0000fff0-0000-1000-8000-00805f9b34fb': { tx: '0000fff2-0000-1000-8000-00805f9b34fb' } } } }] });
    expect(protocols(btle('custom-1'), both)).toEqual(['lovense']);
    expect(protocols(btle('LVS-A'), both)).toEqual(['lovense']);
  });
});

describe('specifiersOf', () => {
  it('lists a protocol\'s user specifiers first, then its base ones', () => {
    expect(base.specifiersOf('lovense')).toEqual([expect.objectContaining({ kind: 'btle', names: ['LVS-*', 'LOVE-*'] })]);
    expect(base.specifiersOf('no-such-protocol')).toEqual([]);
    const user = loadDeviceConfig({ userFile: fixtureConfigPath('tcode_linear_and_vibrate_user_config.json') });
    const kinds = user.specifiersOf('tcode-v03').map((s) => s.kind);
    expect(kinds[0]).toBe('btle');
    expect(user.specifiersOf('tcode-v03').slice(1)).toEqual(base.specifiersOf('tcode-v03'));
    expect(user.specifiersOf('tcode-v03')[0]).toMatchObject({ names: ['tcode-v03-linear-vibrate'] });
  });
});

describe('canonicalUuid (advertised services against the config)', () => {
  it.each([
    ['FFF0', '0000fff0-0000-1000-8000-00805f9b34fb'],
    ['0000fff0', '0000fff0-0000-1000-8000-00805f9b34fb'],
    ['6E400001B5A3F393E0A9E50E24DCCA9E', '6e400001-b5a3-f393-e0a9-e50e24dcca9e'],
    ['6e400001-b5a3-f393-e0a9-e50e24dcca9e', '6e400001-b5a3-f393-e0a9-e50e24dcca9e'],
    ['not-a-uuid', 'not-a-uuid'],
  ])('%s → %s', (input, expected) => {
    expect(canonicalUuid(input)).toBe(expected);
  });
});
