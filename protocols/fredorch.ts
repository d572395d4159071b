/**
 * Fredorch (F21S and relatives): a Modbus-style machine. Setup subscribes to rx, waits briefly
 * for a wake-up notification, then programs the device with five packets, each answered by a
 * notification. A move rewrites the program: speed twice, target position twice (0–15 scaled to
 * 0–150). Every packet ends with a CRC-16/MODBUS, low byte first. The speed comes
 * from a lookup table of how long each speed takes to cover a distance (reference: fredorch).
 */
import type { Hardware } from '../src/hardware/types.ts';
import { deviceError } from '../src/errors.ts';
import { crc16Modbus } from './kit/crc16.ts';
import { defineProtocol } from './kit/define.ts';
import { NotificationInbox } from './kit/notification-inbox.ts';
import { createStrokeHandler } from './kit/stroke-handler.ts';
import type { Protocol } from './kit/types.ts';

const NAME = 'fredorch';

export interface FredorchOptions {
  /** How long to wait for each reply during setup (reference: 500 ms). */
  readonly replyTimeoutMs: number;
}

export const FREDORCH_DEFAULTS: FredorchOptions = { replyTimeoutMs: 500 };

/** The packet's CRC-16/MODBUS, low byte first. */
export function fredorchCrc(data: ArrayLike<number>): [number, number] {
  const crc = crc16Modbus(data);
  return [crc & 0xff, crc >>> 8];
}

export function withFredorchCrc(data: readonly number[]): Uint8Array {
  return Uint8Array.from([...data, ...fredorchCrc(data)]);
}

/** Programs one move: speed (1–20) twice, then the start and end positions (0–150). */
function programPacket(speed: number, from: number, to: number): Uint8Array {
  return withFredorchCrc([0x01, 0x10, 0x00, 0x6b, 0x00, 0x05, 0x0a, 0x00, speed, 0x00, speed, 0x00, from, 0x00, to, 0x00, 0x01]);
}

const SETUP_PACKETS: readonly (readonly number[])[] = [
  // Program mode on.
  [0x01, 0x06, 0x00, 0x64, 0x00, 0x01],
  // Record the program.
  [0x01, 0x06, 0x00, 0x69, 0x00, 0x00],
  // The program: go to position 0 at speed 5.
  [0x01, 0x10, 0x00, 0x6b, 0x00, 0x05, 0x0a, 0x00, 0x05, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01],
  // Run it.
  [0x01, 0x06, 0x00, 0x69, 0x00, 0x01],
  // Repeat it.
  [0x01, 0x06, 0x00, 0x6a, 0x00, 0x01],
];

/**
 * Milliseconds each speed (1–20, columns) needs to move a distance of 1–15 positions (rows),
 * measured on the device; the reference's table.
 */
const MOVE_TIME_MS: readonly (readonly number[])[] = [
  [1000, 800, 400, 235, 200, 172, 155, 92, 60, 45, 38, 34, 32, 28, 27, 26, 25, 24, 23, 22],
  [1500, 1000, 800, 680, 600, 515, 425, 265, 165, 115, 80, 70, 50, 48, 45, 35, 34, 33, 32, 30],
  [2500, 2310, 1135, 925, 792, 695, 565, 380, 218, 155, 105, 82, 70, 68, 65, 60, 48, 45, 43, 40],
  [3000, 2800, 1500, 1155, 965, 810, 690, 465, 260, 195, 140, 110, 85, 75, 74, 73, 70, 65, 60, 55],
  [3400, 3232, 2305, 1380, 1200, 1165, 972, 565, 328, 235, 162, 132, 98, 78, 75, 74, 73, 72, 71, 70],
  [3500, 3350, 2500, 1640, 1250, 1210, 1010, 645, 385, 275, 175, 160, 115, 95, 91, 90, 85, 80, 77, 75],
  [3600, 3472, 2980, 2060, 1560, 1275, 1132, 738, 430, 310, 230, 170, 128, 122, 110, 108, 105, 103, 101, 100],
  [3800, 3500, 3055, 2105, 1740, 1370, 1290, 830, 490, 355, 235, 195, 150, 140, 135, 132, 130, 125, 120, 119],
  [3900, 3518, 3190, 2315, 2045, 1510, 1442, 1045, 552, 392, 280, 225, 172, 145, 140, 138, 135, 134, 132, 130],
  [6000, 5755, 3240, 2530, 2135, 1605, 1500, 1200, 595, 425, 285, 245, 175, 170, 160, 155, 150, 145, 142, 140],
  [6428, 5872, 3335, 2780, 2270, 1782, 1590, 1310, 648, 470, 315, 255, 182, 180, 175, 172, 170, 162, 160, 155],
  [6730, 5950, 3490, 2995, 2395, 1890, 1650, 1350, 700, 500, 350, 290, 220, 190, 185, 180, 175, 170, 165, 160],
  [6962, 6122, 3880, 3205, 2465, 1900, 1700, 1400, 835, 545, 375, 310, 228, 195, 190, 185, 182, 181, 180, 175],
  [7945, 6365, 4130, 3470, 2505, 1910, 1755, 1510, 855, 580, 400, 330, 235, 210, 205, 200, 195, 190, 185, 180],
  [8048, 7068, 4442, 3708, 2668, 1930, 1800, 1520, 878, 618, 428, 365, 260, 255, 250, 240, 230, 220, 210, 200],
];

const MAX_SPEED = 20;
const MAX_DISTANCE = 15;

/**
 * The slowest speed that covers `distance` positions in less than `durationMs` (20 when none
 * does); 0 for no distance.
 */
export function fredorchSpeed(distance: number, durationMs: number): number {
  const clamped = Math.min(Math.max(distance, 0), MAX_DISTANCE);
  if (clamped === 0) return 0;
  const times = MOVE_TIME_MS[clamped - 1];
  for (let speed = 1; speed < MAX_SPEED; speed++) {
    if (times[speed - 1] < durationMs) return speed;
  }
  return MAX_SPEED;
}

/** The move packet from `previous` to `position` (both 0–15). */
export function fredorchMovePacket(previous: number, position: number, durationMs: number): Uint8Array {
  const target = position * 10;
  const speed = fredorchSpeed(Math.abs(previous - position), durationMs);
  return programPacket(speed, target, target);
}

async function nextReply(inbox: NotificationInbox, timeoutMs: number) {
  try {
    return await inbox.next(timeoutMs);
  } catch {
    throw deviceError(`${NAME}: the device disconnected during setup`);
  }
}

async function setUp(hardware: Hardware, { replyTimeoutMs }: FredorchOptions): Promise<void> {
  const inbox = new NotificationInbox(hardware);
  try {
    await hardware.subscribe('rx');
    // The device may greet us on connect; it need not.
    await nextReply(inbox, replyTimeoutMs);
    for (const [step, packet] of SETUP_PACKETS.entries()) {
      await hardware.write('tx', withFredorchCrc(packet), false);
      const reply = await nextReply(inbox, replyTimeoutMs);
      if (!reply) {
        throw deviceError(`${NAME}: ${hardware.name} did not answer setup packet ${step + 1} of ${SETUP_PACKETS.length} within ${replyTimeoutMs} ms`);
      }
    }
  } finally {
    inbox.close();
  }
}

export function createFredorchProtocol(options: Partial<FredorchOptions> = {}): Protocol {
  const resolved = { ...FREDORCH_DEFAULTS, ...options };
  return defineProtocol({
    name: NAME,
    async initialize({ hardware }) {
      await setUp(hardware, resolved);
      return createStrokeHandler(NAME, {
        encode: (from, to, durationMs) => {
          if (to > MAX_DISTANCE) throw deviceError(`${NAME}: position ${to} is beyond the device's 15`);
          return fredorchMovePacket(from, to, durationMs);
        },
        withResponse: false,
      });
    },
  });
}

export const protocol = createFredorchProtocol();
