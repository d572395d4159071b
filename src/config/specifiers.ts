/**
 * Communication specifiers: turning config entries into the contract's ProtocolSpecifier, and
 * deciding whether a discovered device matches one (the reference rules, with BLE names compared
 * case-insensitively).
 */
import { canonicalUuid } from '../hardware/ble-uuid.ts';
import type { DiscoverySpecifier, ManufacturerData, ProtocolSpecifier } from '../hardware/types.ts';
import { ConfigError } from './errors.ts';
import type { RawSpecifier } from './raw.ts';

type Btle = Extract<DiscoverySpecifier, { kind: 'btle' }>;
type BtleSpecifier = Extract<ProtocolSpecifier, { kind: 'btle' }>;

/** Converts one schema-valid `communication` entry; `where` locates it for error messages. */
export function toProtocolSpecifier(raw: RawSpecifier, where: string): ProtocolSpecifier {
  const kinds = Object.keys(raw);
  if (kinds.length !== 1) throw new ConfigError(`${where} must name exactly one bus (btle, serial, hid, …)`);
  const kind = kinds[0];
  const body = raw[kind] as Record<string, unknown>;
  switch (kind) {
    case 'btle': {
      const manufacturerData = (body.manufacturer_data as { company: number; data?: number[] }[] | undefined) ?? [];
      return {
        kind: 'btle',
        names: body.names as string[],
        manufacturerData: manufacturerData.map((entry) =>
          entry.data === undefined ? { company: entry.company } : { company: entry.company, data: entry.data },
        ),
        advertisedServices: (body.advertised_services as string[] | undefined) ?? [],
        services: body.services as BtleSpecifier['services'],
      };
    }
    case 'serial':
      return {
        kind: 'serial',
        port: body.port as string,
        baudRate: body.baud_rate as number,
        dataBits: body.data_bits as number,
        stopBits: body.stop_bits as number,
        parity: body.parity as string,
      };
    case 'hid':
    case 'usb':
      return {
        kind,
        pairs: (body.pairs as { vendor_id: number; product_id: number }[]).map((pair) => ({
          vendorId: pair.vendor_id,
          productId: pair.product_id,
        })),
      };
    case 'websocket':
      return { kind: 'websocket', name: body.name as string };
    case 'xinput':
    case 'lovense_connect_service':
      return { kind };
    default:
      throw new ConfigError(`${where} names an unknown bus "${kind}"`);
  }
}

/** Whether a discovered device matches a protocol's specifier. */
export function specifierMatches(found: DiscoverySpecifier, specifier: ProtocolSpecifier): boolean {
  switch (found.kind) {
    case 'btle':
      return specifier.kind === 'btle' && btleMatches(found, specifier);
    case 'serial':
      return specifier.kind === 'serial' && specifier.port === found.port;
    case 'hid':
    case 'usb':
      return (
        specifier.kind === found.kind &&
        specifier.pairs.some((pair) => pair.vendorId === found.vendorId && pair.productId === found.productId)
      );
    case 'websocket':
      return specifier.kind === 'websocket' && specifier.name === found.name;
  }
}

function btleMatches(found: Btle, specifier: BtleSpecifier): boolean {
  const name = found.name.toLowerCase();
  if (specifier.names.some((configName) => namesMatch(name, configName.toLowerCase()))) return true;
  if (
    found.manufacturerData.length > 0 &&
    specifier.manufacturerData.some((wanted) => found.manufacturerData.some((seen) => manufacturerDataMatches(seen, wanted)))
  ) {
    return true;
  }
  if (found.advertisedServices.length > 0 && specifier.advertisedServices.length > 0) {
    const advertised = new Set(found.advertisedServices.map(canonicalUuid));
    return specifier.advertisedServices.some((uuid) => advertised.has(canonicalUuid(uuid)));
  }
  return false;
}

/** Equal names, or a trailing `*` on either side making the rest a prefix. Both already lowercase. */
function namesMatch(a: string, b: string): boolean {
  if (a === b) return true;
  if (b.endsWith('*') && a.startsWith(b.slice(0, -1))) return true;
  return a.endsWith('*') && b.startsWith(a.slice(0, -1));
}

/** Same company, and either side has no data, equal data, or the shorter occurs inside the longer. */
function manufacturerDataMatches(a: ManufacturerData, b: ManufacturerData): boolean {
  if (a.company !== b.company) return false;
  if (a.data === undefined || b.data === undefined) return true;
  const [needle, haystack] = a.data.length <= b.data.length ? [a.data, b.data] : [b.data, a.data];
  if (needle.length === haystack.length) return needle.every((byte, i) => byte === haystack[i]);
  for (let start = 0; start + needle.length <= haystack.length; start++) {
    if (needle.every((byte, i) => byte === haystack[start + i])) return true;
  }
  return false;
}
