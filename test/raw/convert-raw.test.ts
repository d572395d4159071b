/**
 * Raw messages in the pure conversion layer: Raw*Cmd → raw requests (or clear errors), the Raw*
 * attributes of v2/v3 device descriptions, and RawReading for each version.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DeviceInfo } from '../../src/devices/features.ts';
import {
  deviceAddedMessage,
  deviceListMessage,
  describeDevice,
  rawReadingMessage,
  toDeviceRequest,
} from '../../src/messages/convert/index.ts';
import { RAW_NAME_SUFFIX } from '../../src/messages/convert/describe.ts';
import { DEFAULT_RAW_READ_TIMEOUT_MS, MAX_RAW_READ_TIMEOUT_MS } from '../../src/messages/convert/raw-commands.ts';
import { ButtplugError, ErrorCode } from '../../src/errors.ts';
import { serialize } from '../../src/messages/serialize.ts';
import type { ClientMessage, SpecVersion } from '../../src/messages/types.ts';
import { ALL_TEST_DEVICES, EDGE, KGOAL, NORA, TITAN } from '../fixtures/convert/devices.ts';
import { schemaErrors, wireFrame } from '../fixtures/convert/wire.ts';

const RAW_TYPES = ['RawReadCmd', 'RawWriteCmd', 'RawSubscribeCmd', 'RawUnsubscribeCmd'] as const;
const withRaw = (device: DeviceInfo, endpoints: readonly string[] = ['tx', 'rx']): DeviceInfo => ({ ...device, rawEndpoints: endpoints });
const devicesWithRaw = new Map([...ALL_TEST_DEVICES].map(([index, device]) => [index, withRaw(device)]));

function rawMessage(type: (typeof RAW_TYPES)[number], deviceIndex: number, endpoint: string): ClientMessage {
  switch (type) {
    case 'RawWriteCmd':
      return { type, Id: 5, DeviceIndex: deviceIndex, Endpoint: endpoint, Data: [1, 2], WriteWithResponse: true };
    case 'RawReadCmd':
      return { type, Id: 5, DeviceIndex: deviceIndex, Endpoint: endpoint, Length: 0, WaitForData: false };
    default:
      return { type, Id: 5, DeviceIndex: deviceIndex, Endpoint: endpoint };
  }
}

function failure(result: ReturnType<typeof toDeviceRequest>): ButtplugError {
  if (!(result instanceof ButtplugError)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result;
}

describe('Raw*Cmd with raw messages off (the default)', () => {
  it.each(RAW_TYPES.flatMap((type) => ([2, 3] as const).map((version) => [type, version] as const)))(
    '%s (v%i) is a message error that points at --allow-raw, before any device check',
    (type, version) => {
      for (const deviceIndex of [EDGE.index, 99]) {
        const error = failure(toDeviceRequest(rawMessage(type, deviceIndex, 'tx'), version, devicesWithRaw));
        expect(error.code).toBe(ErrorCode.Message);
        expect(error.message).toContain(type);
        expect(error.message).toContain('--allow-raw');
      }
    },
  );

  it('no version lists Raw* attributes or changes the device name', () => {
    for (const version of [0, 1, 2, 3, 4] as const) {
      const text = JSON.stringify(describeDevice(EDGE, version));
      expect(text).not.toContain('Raw');
    }
  });
});

describe('Raw*Cmd with raw messages on', () => {
  const allow = { allowRaw: true };

  it('converts each message to its raw request', () => {
    const convert = (message: ClientMessage, version: SpecVersion = 3) => toDeviceRequest(message, version, devicesWithRaw, allow);
    expect(convert({ type: 'RawWriteCmd', Id: 1, DeviceIndex: 0, Endpoint: 'tx', Data: [0, 255], WriteWithResponse: true })).toEqual({
      kind: 'raw',
      deviceIndex: 0,
      command: { operation: 'write', endpoint: 'tx', data: [0, 255], withResponse: true },
    });
    expect(convert({ type: 'RawSubscribeCmd', Id: 1, DeviceIndex: 1, Endpoint: 'rx' }, 2)).toEqual({
      kind: 'raw',
      deviceIndex: 1,
      command: { operation: 'subscribe', endpoint: 'rx' },
    });
    expect(convert({ type: 'RawUnsubscribeCmd', Id: 1, DeviceIndex: 1, Endpoint: 'rx' })).toEqual({
      kind: 'raw',
      deviceIndex: 1,
      command: { operation: 'unsubscribe', endpoint: 'rx' },
    });
  });

  it.each<[string, Record<string, unknown>, number, number]>([
    ['schema spelling (Length, WaitForData)', { Length: 4, WaitForData: true }, 4, DEFAULT_RAW_READ_TIMEOUT_MS],
    ['docs spelling (ExpectedLength, WaitForData)', { ExpectedLength: 6, WaitForData: false }, 6, DEFAULT_RAW_READ_TIMEOUT_MS],
    ['bp7 spelling (ExpectedLength, Timeout)', { ExpectedLength: 2, Timeout: 50 }, 2, 50],
    ['no length at all', {}, 0, DEFAULT_RAW_READ_TIMEOUT_MS],
  ])('RawReadCmd accepts the %s', (_spelling, fields, length, timeoutMs) => {
    const message = { type: 'RawReadCmd', Id: 1, DeviceIndex: 0, Endpoint: 'rx', ...fields } as ClientMessage;
    expect(toDeviceRequest(message, 2, devicesWithRaw, allow)).toEqual({
      kind: 'raw',
      deviceIndex: 0,
      command: { operation: 'read', endpoint: 'rx', length, timeoutMs },
    });
  });

  it('refuses a RawReadCmd Timeout longer than the server waits', () => {
    const message: ClientMessage = { type: 'RawReadCmd', Id: 1, DeviceIndex: 0, Endpoint: 'rx', Timeout: MAX_RAW_READ_TIMEOUT_MS + 1 };
    const error = failure(toDeviceRequest(message, 3, devicesWithRaw, allow));
    expect(error.code).toBe(ErrorCode.Message);
    expect(error.message).toContain(String(MAX_RAW_READ_TIMEOUT_MS));
  });

  it('names an endpoint the device does not have, and the ones it has', () => {
    const error = failure(toDeviceRequest(rawMessage('RawWriteCmd', 0, 'firmware'), 3, devicesWithRaw, allow));
    expect(error.code).toBe(ErrorCode.Device);
    expect(error.message).toBe(`device 0 (${EDGE.name}) has no endpoint "firmware" (its endpoints: tx, rx)`);
  });

  it('is a device error for an absent device, or one that offers no raw access', () => {
    expect(failure(toDeviceRequest(rawMessage('RawReadCmd', 99, 'rx'), 3, devicesWithRaw, allow)).message).toBe('device 99 is not connected');
    const plain = failure(toDeviceRequest(rawMessage('RawReadCmd', 0, 'rx'), 3, ALL_TEST_DEVICES, allow));
    expect(plain.code).toBe(ErrorCode.Device);
    expect(plain.message).toContain('--allow-raw');
  });

  it('never serves a version without raw messages', () => {
    for (const version of [0, 1, 4] as const) {
      expect(failure(toDeviceRequest(rawMessage('RawWriteCmd', 0, 'tx'), version, devicesWithRaw, allow)).code).toBe(ErrorCode.Message);
    }
  });

  it('accepts exactly the listed endpoints (property)', () => {
    const endpointName = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
    fc.assert(
      fc.property(fc.uniqueArray(endpointName, { minLength: 1, maxLength: 6 }), endpointName, (endpoints, asked) => {
        const devices = new Map([[0, withRaw(EDGE, endpoints)]]);
        for (const type of RAW_TYPES) {
          const result = toDeviceRequest(rawMessage(type, 0, asked), 3, devices, allow);
          expect(result instanceof ButtplugError).toBe(!endpoints.includes(asked));
        }
      }),
    );
  });
});

describe('descriptions of a device with raw endpoints', () => {
  const devices = [withRaw(EDGE), withRaw(NORA), withRaw(TITAN), withRaw(KGOAL)];

  it('v2 lists all four Raw* entries, v3 all but RawUnsubscribeCmd, each with the endpoints', () => {
    const v2 = describeDevice(withRaw(EDGE), 2).DeviceMessages as Record<string, unknown>;
    for (const type of RAW_TYPES) expect(v2[type]).toEqual({ Endpoints: ['tx', 'rx'] });
    const v3 = describeDevice(withRaw(EDGE), 3).DeviceMessages as Record<string, unknown>;
    for (const type of ['RawReadCmd', 'RawWriteCmd', 'RawSubscribeCmd']) expect(v3[type]).toEqual({ Endpoints: ['tx', 'rx'] });
    expect(v3).not.toHaveProperty('RawUnsubscribeCmd');
  });

  it('keeps everything else of the description as it was', () => {
    for (const version of [2, 3] as const) {
      const { DeviceName, DeviceMessages, ...rest } = describeDevice(withRaw(EDGE), version);
      const { DeviceName: plainName, DeviceMessages: plainMessages, ...plainRest } = describeDevice(EDGE, version);
      expect(DeviceName).toBe(plainName + RAW_NAME_SUFFIX);
      expect(rest).toEqual(plainRest);
      const withoutRaw = Object.fromEntries(Object.entries(DeviceMessages).filter(([key]) => !key.startsWith('Raw')));
      expect(withoutRaw).toEqual(plainMessages);
    }
  });

  it('v0, v1 and v4 are unchanged: they have no raw messages', () => {
    for (const version of [0, 1, 4] as const) {
      expect(describeDevice(withRaw(EDGE), version)).toEqual(describeDevice(EDGE, version));
    }
  });

  it('an empty endpoint list adds nothing (the schema wants at least one endpoint)', () => {
    for (const version of [2, 3] as const) expect(describeDevice(withRaw(EDGE, []), version)).toEqual(describeDevice(EDGE, version));
  });

  it.each([2, 3] as const)('DeviceList and DeviceAdded (v%i) validate against the upstream schema and pass the catalog', (version) => {
    const list = deviceListMessage(devices, version, 4);
    expect(schemaErrors(wireFrame(list), version)).toEqual([]);
    expect(() => serialize(list, version)).not.toThrow();
    for (const device of devices) {
      const added = deviceAddedMessage(device, version);
      expect(schemaErrors(wireFrame(added), version)).toEqual([]);
      expect(() => serialize(added, version)).not.toThrow();
    }
  });

  it('any endpoint list is described schema-valid and complete (property)', () => {
    const endpointName = fc.stringMatching(/^[a-z][a-z0-9]{0,9}$/);
    fc.assert(
      fc.property(fc.uniqueArray(endpointName, { minLength: 1, maxLength: 8 }), fc.constantFrom(2 as const, 3 as const), (endpoints, version) => {
        const device = withRaw(NORA, endpoints);
        const added = deviceAddedMessage(device, version);
        expect(schemaErrors(wireFrame(added), version)).toEqual([]);
        expect((added.DeviceMessages as Record<string, { Endpoints?: string[] }>).RawWriteCmd?.Endpoints).toEqual(endpoints);
      }),
    );
  });
});

describe('RawReading', () => {
  const reading = { deviceIndex: 3, endpoint: 'rx', data: [0, 7, 255] };

  it.each([2, 3] as const)('is a schema-valid RawReading for v%i, with the request Id or 0', (version) => {
    for (const id of [0, 12]) {
      const message = rawReadingMessage(reading, id, version);
      expect(message).toEqual({ type: 'RawReading', Id: id, DeviceIndex: 3, Endpoint: 'rx', Data: [0, 7, 255] });
      expect(schemaErrors(wireFrame(message), version)).toEqual([]);
      expect(() => serialize(message, version)).not.toThrow();
    }
  });

  it.each([0, 1, 4] as const)('becomes a message error for v%i, which has no RawReading', (version) => {
    expect(rawReadingMessage(reading, 9, version)).toMatchObject({ type: 'Error', Id: 9, ErrorCode: ErrorCode.Message });
  });
});
