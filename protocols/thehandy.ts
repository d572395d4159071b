/**
 * The Handy (firmware before 4): a handyplug protobuf `Payload` holding one `LinearCmd` on tx,
 * written with response (reference: thehandy). The reference's protocomm session setup was never
 * executed there, so there is no setup; its Ping keepalive is iOS-only (none here).
 */
import { defineProtocol } from './kit/define.ts';
import { doubleField, messageField, protoMessage, uint32Field } from './kit/protobuf.ts';
import { createStrokeHandler } from './kit/stroke-handler.ts';

const NAME = 'thehandy';

/** handyplug.proto field numbers. */
const PAYLOAD_MESSAGES = 1;
const MESSAGE_LINEAR_CMD = 403;
const LINEAR_ID = 1;
const LINEAR_VECTORS = 3;
const VECTOR_INDEX = 1;
const VECTOR_DURATION = 2;
const VECTOR_POSITION = 3;

/** The reference always sends message id 2 (the device handles one command at a time). */
const LINEAR_MESSAGE_ID = 2;

/** A move of the one axis to `position` (0–100) in `durationMs`; the device takes 0.0–1.0. */
export function theHandyLinearPayload(position: number, durationMs: number): Uint8Array {
  const vector = protoMessage(
    uint32Field(VECTOR_INDEX, 0),
    uint32Field(VECTOR_DURATION, durationMs),
    doubleField(VECTOR_POSITION, position / 100),
  );
  // DeviceIndex (field 2) is always 0, the proto3 default, so it is never written.
  const linear = protoMessage(uint32Field(LINEAR_ID, LINEAR_MESSAGE_ID), messageField(LINEAR_VECTORS, vector));
  return Uint8Array.from(messageField(PAYLOAD_MESSAGES, messageField(MESSAGE_LINEAR_CMD, linear)));
}

export const protocol = defineProtocol({
  name: NAME,
  async initialize() {
    return createStrokeHandler(NAME, {
      encode: (_from, to, durationMs) => theHandyLinearPayload(to, durationMs),
      withResponse: true,
    });
  },
});
