import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeFields, WIRE_TYPE } from '../../protocols/kit/protobuf.ts';
import {
  createTheHandyV3Protocol,
  theHandyV3Model,
  theHandyV3Move,
  theHandyV3Request,
  theHandyV3Vibrate,
} from '../../protocols/thehandy-v3.ts';
import { baseDefinition, commandsTo, outputFor, simulatedDevice, untilSent, written } from './helpers.ts';

const fast = createTheHandyV3Protocol({ replyTimeoutMs: 20 });
const ANSWER = [0x08, 0x03, 0x22, 0x02, 0x08, 0x01];

/** RpcMessage → [type, request id, params field number, params fields]. */
function decodeRequest(data: Uint8Array) {
  const [type, request] = decodeFields(data);
  expect(type).toEqual({ field: 1, wireType: WIRE_TYPE.varint, value: 1 });
  expect(request).toMatchObject({ field: 2, wireType: WIRE_TYPE.lengthDelimited });
  const fields = decodeFields(request.value as Uint8Array);
  const id = fields.find((f) => f.field === 2)?.value ?? 0;
  const params = fields.filter((f) => f.field !== 2);
  expect(params).toHaveLength(1);
  return { id, paramsField: params[0].field, params: decodeFields(params[0].value as Uint8Array) };
}

const float32 = (bytes: unknown) => new DataView((bytes as Uint8Array).buffer).getFloat32(0, true);

describe('thehandy-v3 model', () => {
  it('is the second part of the name, or "unknown"', async () => {
    expect(theHandyV3Model('OHD_hw4_1A2B')).toBe('hw4');
    expect(theHandyV3Model('OHD_hw1_x_y')).toBe('hw1');
    expect(theHandyV3Model('OHD_hw4')).toBe('unknown');
    const { hardware, candidate } = await simulatedDevice('thehandy-v3', 'OHD_hw3_77');
    await expect(fast.identify({ hardware, candidate })).resolves.toBe('hw3');
  });
});

describe('thehandy-v3 requests', () => {
  it('match the bytes worked out by hand from handy_rpc.proto', () => {
    // type 1; request (field 2) { id 1; request_battery_get (710 → key b2 2c) {} }
    expect([...theHandyV3Request(1, 710)]).toEqual([0x08, 0x01, 0x12, 0x05, 0x10, 0x01, 0xb2, 0x2c, 0x00]);
    // id 0 is the proto3 default and is left out
    expect([...theHandyV3Request(0, 901)]).toEqual([0x08, 0x01, 0x12, 0x03, 0xaa, 0x38, 0x00]);
  });

  it('move to position / 100 in the duration, stopping on target', () => {
    fc.assert(
      fc.property(fc.nat(), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100_000 }), (id, position, duration) => {
        const { id: decodedId, paramsField, params } = decodeRequest(theHandyV3Move(id % 2 ** 32, position, duration));
        expect(decodedId).toBe(id % 2 ** 32);
        expect(paramsField).toBe(744);
        const xp = params.find((f) => f.field === 1);
        expect(xp ? float32(xp.value) : 0).toBe(Math.fround(position / 100));
        expect(params.find((f) => f.field === 2)?.value ?? 0).toBe(duration);
        expect(params.find((f) => f.field === 3)?.value).toBe(1);
      }),
    );
  });

  it('vibrate at speed / 100 and 100 Hz, or stop at 0', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (speed) => {
        const { paramsField, params } = decodeRequest(theHandyV3Vibrate(9, speed));
        expect(paramsField).toBe(900);
        expect(float32(params.find((f) => f.field === 1)?.value)).toBe(Math.fround(speed / 100));
        expect(params.find((f) => f.field === 2)?.value).toBe(100);
        expect(params.some((f) => f.field === 3)).toBe(false);
      }),
    );
    expect(decodeRequest(theHandyV3Vibrate(9, 0))).toEqual({ id: 9, paramsField: 901, params: [] });
  });
});

describe('thehandy-v3 connect', () => {
  it('asks for the battery and the capabilities, then numbers commands from 3', async () => {
    const { device, hardware } = await simulatedDevice('thehandy-v3', 'OHD_hw1_1');
    const definition = baseDefinition('thehandy-v3', 'hw1');
    const connecting = fast.initialize({ hardware, definition });
    await untilSent(device, 2);
    device.notify('rx', ANSWER);
    await untilSent(device, 3);
    device.notify('rx', ANSWER);
    const handler = await connecting;
    expect(commandsTo(device)).toEqual([
      { kind: 'subscribe', endpoint: 'rx' },
      { kind: 'write', endpoint: 'tx', data: [...theHandyV3Request(1, 710)], withResponse: false },
      { kind: 'write', endpoint: 'tx', data: [...theHandyV3Request(2, 713)], withResponse: false },
    ]);
    const first = handler.output(outputFor(definition, 0, 'Vibrate', 50));
    const second = handler.output(outputFor(definition, 0, 'Vibrate', 0));
    expect(written([...first, ...second])).toEqual([[...theHandyV3Vibrate(3, 50)], [...theHandyV3Vibrate(4, 0)]]);
    expect(first[0]).toMatchObject({ endpoint: 'tx', withResponse: true, commandId: definition.features[0].id });
  });

  it('keeps an answer that arrives before the request is written', async () => {
    const { device, hardware } = await simulatedDevice('thehandy-v3', 'OHD_hw4_1');
    const originalWrite = hardware.write.bind(hardware);
    hardware.write = async (endpoint, data, withResponse) => {
      device.notify('rx', ANSWER);
      return originalWrite(endpoint, data, withResponse);
    };
    await expect(fast.initialize({ hardware, definition: baseDefinition('thehandy-v3', 'hw4') })).resolves.toBeDefined();
  });

  it('rejects when an answer does not come in time', async () => {
    const { device, hardware } = await simulatedDevice('thehandy-v3', 'OHD_hw4_1');
    const connecting = fast.initialize({ hardware, definition: baseDefinition('thehandy-v3', 'hw4') });
    await untilSent(device, 2);
    device.notify('rx', ANSWER);
    await expect(connecting).rejects.toThrow(/did not answer the capabilities request within 20 ms/);
  });

  it('rejects an answer that is not protobuf', async () => {
    const { device, hardware } = await simulatedDevice('thehandy-v3', 'OHD_hw4_1');
    const connecting = fast.initialize({ hardware, definition: baseDefinition('thehandy-v3', 'hw4') });
    await untilSent(device, 2);
    device.notify('rx', [0x12, 0x09, 0x01]);
    await expect(connecting).rejects.toMatchObject({
      name: 'ButtplugDeviceError',
      message: expect.stringMatching(/answered the battery request with bytes that are not protobuf \(.*runs past the end/),
    });
  });

  it('rejects when the device goes away during setup', async () => {
    const { device, hardware } = await simulatedDevice('thehandy-v3', 'OHD_hw4_1');
    const connecting = createTheHandyV3Protocol({ replyTimeoutMs: 60_000 }).initialize({
      hardware,
      definition: baseDefinition('thehandy-v3', 'hw4'),
    });
    await untilSent(device, 2);
    device.disconnect();
    await expect(connecting).rejects.toThrow(/disconnected while waiting for a notification/);
  });
});
