/**
 * A pretend device (simulated or bridged) described in the device config's own terms: which bus it
 * claims to be on, what a discovery on that bus would report, and which endpoints it has.
 */
import type { HardwareIdentity } from './hardware-base.ts';
import type { DiscoverySpecifier, Endpoint, ManufacturerData, ProtocolSpecifier } from './types.ts';

/** Buses a pretend device can claim to be on. */
export type Transport = 'btle' | 'serial' | 'hid' | 'usb' | 'websocket';

/** How a pretend device shows itself on its bus, apart from its name. */
export interface BusPresence {
  /** Default btle. */
  readonly transport?: Transport;
  /** btle only. */
  readonly manufacturerData?: readonly ManufacturerData[];
  /** btle only. */
  readonly advertisedServices?: readonly string[];
  /** serial: the port name matched against serial specifiers; default the name. */
  readonly port?: string;
  /** hid and usb: required. */
  readonly vendorId?: number;
  readonly productId?: number;
}

export interface DeviceDescription extends BusPresence {
  readonly name: string;
}

/** What a pretend device's hardware is like once connected. */
export interface HardwareTraits {
  /** Default: every endpoint the matched protocol's specifier maps. */
  readonly endpoints?: readonly Endpoint[];
  /** The hardware's default gap between writes; default the transport's (btle 75 ms, others none). */
  readonly messageGapMs?: number;
}

/** What a discovery on the device's bus would report. Throws a clear Error when hid or usb ids are missing. */
export function discoverySpecifierFor(description: DeviceDescription): DiscoverySpecifier {
  const transport = description.transport ?? 'btle';
  switch (transport) {
    case 'btle':
      return {
        kind: 'btle',
        name: description.name,
        manufacturerData: (description.manufacturerData ?? []).map((entry) =>
          entry.data === undefined ? { company: entry.company } : { company: entry.company, data: [...entry.data] },
        ),
        // UUIDs are case-insensitive; the device config spells them in lowercase.
        advertisedServices: (description.advertisedServices ?? []).map((uuid) => uuid.toLowerCase()),
      };
    case 'serial':
      return { kind: 'serial', port: description.port ?? description.name };
    case 'hid':
    case 'usb':
      if (!isUint16(description.vendorId) || !isUint16(description.productId)) {
        throw new Error(`${transport} device "${description.name}" needs vendorId and productId (integers 0..65535)`);
      }
      return { kind: transport, vendorId: description.vendorId, productId: description.productId };
    case 'websocket':
      return { kind: 'websocket', name: description.name };
    default:
      throw new Error(`unknown transport "${String(transport)}": use btle, serial, hid, usb or websocket`);
  }
}

/**
 * A plain USB device's one endpoint: each write is a vendor control transfer out, its data
 * `[request, value low, value high, index low, index high, ...payload]`.
 */
export const USB_VENDOR_CONTROL_ENDPOINT = 'txvendorcontrol';

export function isUint16(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffff;
}

/** The minimum gap between writes each bus needs by default (BLE radios drop packets sent faster). */
function transportDefaultGapMs(transport: Transport): number | undefined {
  return transport === 'btle' ? 75 : undefined;
}

/**
 * The endpoints of a device that does not list its own: every endpoint the matched protocol's
 * specifier maps (a BLE service map), vendor control transfers on plain USB, or tx and rx on the
 * byte-stream buses.
 */
export function endpointsFromSpecifier(specifier: ProtocolSpecifier): Endpoint[] {
  if (specifier.kind === 'usb') return [USB_VENDOR_CONTROL_ENDPOINT];
  if (specifier.kind !== 'btle') return ['tx', 'rx'];
  const endpoints = new Set<Endpoint>();
  for (const characteristics of Object.values(specifier.services)) {
    for (const endpoint of Object.keys(characteristics)) endpoints.add(endpoint);
  }
  return [...endpoints];
}

/** The endpoints and default write gap of a pretend device connected with the matched specifier. */
export function connectedTraits(
  device: Pick<BusPresence, 'transport'> & HardwareTraits,
  specifier: ProtocolSpecifier,
): Pick<HardwareIdentity, 'endpoints' | 'defaultMessageGapMs'> {
  const gap = device.messageGapMs ?? transportDefaultGapMs(device.transport ?? 'btle');
  return {
    endpoints: device.endpoints ? [...device.endpoints] : endpointsFromSpecifier(specifier),
    ...(gap === undefined ? {} : { defaultMessageGapMs: gap }),
  };
}
